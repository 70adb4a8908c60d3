#pragma once

// The Azure side of the end-to-end tests: Blob storage in azurite, managed disks in the ARM
// stub, and the subscription the reference document's `cloud-credentials` secret names.

#include <map>
#include <memory>
#include <string>

#include "arm_stub.h"
#include "azurite.h"
#include "cloud/azure/blob_object_store.h"
#include "support/e2e/ark_env.h"

namespace ark::testing {

inline constexpr const char* kAzureSubscription = "5c1f3e2a-8d4b-4f6e-9a7c-2b3d4e5f6a7b";
inline constexpr const char* kAzureTenant = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
inline constexpr const char* kAzureResourceGroup = "MC_ark-rg_ark-aks_westeurope";
inline constexpr const char* kAzureClientId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
inline constexpr const char* kAzureLocation = "westeurope";

// The ARM stub's view of the service principal. Each test brings its own client secret, shaped
// like a portal-issued one and distinctive, so a leak of it is found by search.
ArmStubOptions AzureArmOptions(const std::string& client_secret);

// A Blob client of azurite's account, as `az storage` is used in the document (null, with a
// test failure, when no HTTP client can be made).
std::unique_ptr<cloud::azure::BlobObjectStore> NewAzuriteBlobClient(const Azurite& azurite);

// The seven variables of the cloud-credentials secret and the private-endpoint overrides
// (AZURE_STORAGE_ENDPOINT, AZURE_RESOURCE_MANAGER_ENDPOINT, AZURE_AUTHORITY_HOST).
std::map<std::string, std::string> AzureCredentials(const Azurite& azurite, const ArmStub& arm,
                                                    const std::string& client_secret);

// examples/azure/10-ark-config.yaml with the document's three placeholders replaced.
std::string AzureConfig(const std::string& bucket);

// What a test of one backup store starts: azurite with the container `bucket` made (as
// `az storage container create` makes it), a Blob client of azurite's account, and the ARM
// stub of the service principal whose secret is `client_secret`. Stopped when destroyed.
class AzureWorld {
 public:
  // Null, with a test failure naming what did not start, when azurite does not run, no Blob
  // client can be made or the container cannot be created.
  static std::unique_ptr<AzureWorld> Start(const std::string& bucket,
                                           const std::string& client_secret);

  // AzureConfig(bucket) and AzureCredentials in the environment of ark and `ark server`.
  ArkEnvOptions Options() const;

  Azurite& azurite() { return *azurite_; }
  ArmStub& arm() { return *arm_; }
  cloud::azure::BlobObjectStore& blob() { return *blob_; }

 private:
  AzureWorld() = default;

  std::string bucket_;
  std::string client_secret_;
  std::unique_ptr<Azurite> azurite_;
  std::unique_ptr<ArmStub> arm_;
  std::unique_ptr<cloud::azure::BlobObjectStore> blob_;
};

}  // namespace ark::testing
