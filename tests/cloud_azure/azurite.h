#pragma once

#include <memory>
#include <string>

#include "cloud/azure/shared_key.h"
#include "support/process.h"

namespace ark::testing {

// azurite's Blob service (node_modules/.bin/azurite-blob, installed by scripts/setup.sh from
// package.json) on a free loopback port, in memory. It checks SharedKey and SAS signatures of
// the emulator account devstoreaccount1 and its well-known key. Stopped when destroyed.
class Azurite {
 public:
  // nullptr with `error` set when azurite is absent or does not start.
  static std::unique_ptr<Azurite> Start(std::string* error);

  // "http://127.0.0.1:PORT/devstoreaccount1"
  const std::string& endpoint() const { return endpoint_; }
  std::string Log() const { return process_ ? process_->Stdout() + process_->Stderr() : ""; }

  static constexpr const char* kAccount = "devstoreaccount1";
  static constexpr const char* kKey =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  static cloud::azure::StorageAccount Account();

 private:
  std::unique_ptr<BackgroundProcess> process_;
  std::string endpoint_;
};

}  // namespace ark::testing
