#pragma once

// The Google side of the end-to-end tests (examples, verify, encryption): the OAuth2 token
// endpoint and Compute Engine on one loopback server, GCS on another, and the service
// account's key file, as examples_e2e_test.cc describes them (and why they are stubs).

#include <string>

#include "compute_stub.h"
#include "gcs_stub.h"
#include "support/e2e/ark_env.h"
#include "support/process.h"
#include "token_stub.h"

namespace ark::testing {

inline constexpr const char* kGcpProject = "ark-e2e-project";

// The URL of the pd-standard disk type in `zone` of kGcpProject, as Compute Engine names it.
std::string GcpDiskType(const std::string& zone);

// Owns the stubs and the key file. The stubs trust TestKey(): Compute accepts every token the
// token endpoint issued, GCS (an emulator host, so requests carry no token) verifies the V4
// download URLs that key signs.
class GcpWorld {
 public:
  GcpWorld();
  GcpWorld(const GcpWorld&) = delete;
  GcpWorld& operator=(const GcpWorld&) = delete;

  // Starts both servers and writes TestKey() into the key file; false, with a test failure
  // naming the server, when one got no port.
  [[nodiscard]] bool Start();

  // The key file GOOGLE_APPLICATION_CREDENTIALS names.
  std::string KeyPath() const;
  // Replaces the key file's key with `key` (a service-account JSON naming the token endpoint).
  void WriteKey(const TestRsaKey& key);

  // examples/gcp/00-ark-config.yaml with the bucket, project and zone filled in and the
  // private Compute endpoint added under persistentVolumeProvider.gcp.
  std::string Config(const std::string& bucket, const std::string& zone) const;
  // That Config and the environment a user gives ark and `ark server`: the key file and the
  // storage emulator's address.
  ArkEnvOptions Options(const std::string& bucket, const std::string& zone) const;

  StubServer& google() { return google_; }
  TokenStub& tokens() { return tokens_; }
  ComputeStub& compute() { return compute_; }
  GcsStub& gcs() { return gcs_; }

 private:
  TempDir dir_;
  StubServer google_;   // the token endpoint and Compute Engine
  StubServer storage_;  // GCS
  TokenStub tokens_;
  ComputeStub compute_;
  GcsStub gcs_;
};

}  // namespace ark::testing
