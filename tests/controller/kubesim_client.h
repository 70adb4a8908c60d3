#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "cloud/object_store.h"
#include "kube/dynamic_client.h"
#include "persistence/backup_store.h"
#include "support/kubesim.h"
#include "support/process.h"

namespace ark::controller {

// A kubesim for a controller test, with examples/common/00-prereqs.yaml applied (the Ark
// CRDs and namespace heptio-ark) when `prereqs`, and a dynamic client for it.
struct KubesimClient {
  std::unique_ptr<ark::testing::Kubesim> sim;
  std::unique_ptr<kube::DynamicClient> client;
};

// Records a gtest failure and returns nullptr members when kubesim, kubectl or the client
// fails.
KubesimClient StartKubesimClient(bool prereqs = true);

// What most controller tests run against: a kubesim with the prerequisites, its client, and a
// local object store whose bucket "ark" the BackupStore uses. Fixtures derive from it and
// call its SetUp first.
class KubesimStoreTest : public ::testing::Test {
 protected:
  void SetUp() override;

  ark::testing::TempDir dir_;  // the local store's root
  std::unique_ptr<ark::testing::Kubesim> sim_;
  std::unique_ptr<kube::DynamicClient> client_;
  std::unique_ptr<cloud::ObjectStore> objects_;
  std::unique_ptr<persistence::BackupStore> store_;
};

}  // namespace ark::controller
