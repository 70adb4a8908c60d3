#include "azure_world.h"

#include <gtest/gtest.h>

#include "http/client.h"
#include "support/e2e/ark_env.h"

namespace ark::testing {

ArmStubOptions AzureArmOptions(const std::string& client_secret) {
  ArmStubOptions arm;
  arm.subscription_id = kAzureSubscription;
  arm.resource_group = kAzureResourceGroup;
  arm.tenant_id = kAzureTenant;
  arm.client_id = kAzureClientId;
  arm.client_secret = client_secret;
  return arm;
}

std::unique_ptr<cloud::azure::BlobObjectStore> NewAzuriteBlobClient(const Azurite& azurite) {
  auto client = http::NewCurlClient({});
  if (!client.ok()) {
    ADD_FAILURE() << client.status().ToString();
    return nullptr;
  }
  cloud::azure::BlobOptions options;
  options.endpoint = azurite.endpoint();
  return std::make_unique<cloud::azure::BlobObjectStore>(
      options, std::shared_ptr<http::Client>(std::move(*client)), Azurite::Account(),
      SystemClock());
}

std::map<std::string, std::string> AzureCredentials(const Azurite& azurite, const ArmStub& arm,
                                                    const std::string& client_secret) {
  return {
      {"AZURE_SUBSCRIPTION_ID", kAzureSubscription},
      {"AZURE_TENANT_ID", kAzureTenant},
      {"AZURE_RESOURCE_GROUP", kAzureResourceGroup},
      {"AZURE_CLIENT_ID", kAzureClientId},
      {"AZURE_CLIENT_SECRET", client_secret},
      {"AZURE_STORAGE_ACCOUNT_ID", Azurite::kAccount},
      {"AZURE_STORAGE_KEY", Azurite::kKey},
      {"AZURE_STORAGE_ENDPOINT", azurite.endpoint()},
      {"AZURE_RESOURCE_MANAGER_ENDPOINT", arm.url()},
      {"AZURE_AUTHORITY_HOST", arm.url()},
  };
}

std::string AzureConfig(const std::string& bucket) {
  std::string config = ReadFile(SourcePath("examples/azure/10-ark-config.yaml"));
  config = FillIn(config, "<YOUR_BUCKET>", bucket);
  config = FillIn(config, "<YOUR_LOCATION>", kAzureLocation);
  return FillIn(config, "<YOUR_TIMEOUT>", "2m0s");
}

std::unique_ptr<AzureWorld> AzureWorld::Start(const std::string& bucket,
                                              const std::string& client_secret) {
  std::unique_ptr<AzureWorld> world(new AzureWorld());
  world->bucket_ = bucket;
  world->client_secret_ = client_secret;
  std::string error;
  world->azurite_ = Azurite::Start(&error);
  if (world->azurite_ == nullptr) {
    ADD_FAILURE() << "azurite did not start: " << error;
    return nullptr;
  }
  world->arm_ = std::make_unique<ArmStub>(AzureArmOptions(client_secret));
  world->blob_ = NewAzuriteBlobClient(*world->azurite_);
  if (world->blob_ == nullptr) return nullptr;
  Status created = world->blob_->CreateContainer(bucket);
  if (!created.ok()) {
    ADD_FAILURE() << "creating container " << bucket << " in azurite: " << created.ToString();
    return nullptr;
  }
  return world;
}

ArkEnvOptions AzureWorld::Options() const {
  ArkEnvOptions options;
  options.config_yaml = AzureConfig(bucket_);
  options.env = AzureCredentials(*azurite_, *arm_, client_secret_);
  return options;
}

}  // namespace ark::testing
