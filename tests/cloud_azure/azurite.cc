#include "azurite.h"

#include <unistd.h>

namespace ark::testing {

cloud::azure::StorageAccount Azurite::Account() {
  return {kAccount, *cloud::azure::Base64Decode(kKey)};
}

std::unique_ptr<Azurite> Azurite::Start(std::string* error) {
  const std::string binary = ARK_SOURCE_DIR "/node_modules/.bin/azurite-blob";
  if (access(binary.c_str(), X_OK) != 0) {
    *error = binary + " is missing (scripts/setup.sh installs it with npm from package.json)";
    return nullptr;
  }
  // The port FreePort found can be taken before azurite binds it; try anew.
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto a = std::unique_ptr<Azurite>(new Azurite());
    const int port = FreePort();
    a->process_ = BackgroundProcess::Start({binary, "--blobHost", "127.0.0.1", "--blobPort",
                                            std::to_string(port), "--skipApiVersionCheck",
                                            "--disableTelemetry", "--inMemoryPersistence"});
    if (!a->process_) {
      *error = "cannot start " + binary;
      return nullptr;
    }
    if (a->process_->WaitForOutput("successfully listens", std::chrono::seconds(60)).empty()) {
      *error = "azurite did not start; output:\n" + a->Log();
      continue;
    }
    a->endpoint_ = "http://127.0.0.1:" + std::to_string(port) + "/" + kAccount;
    return a;
  }
  return nullptr;
}

}  // namespace ark::testing
