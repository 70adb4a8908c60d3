// ArmBlockStore against the stub ARM server of arm_stub.h (written from the Azure Resource
// Manager and Compute REST API reference, as no ARM emulator exists). A fake clock makes
// polling and throttling waits instant and measurable.
#include "cloud/azure/arm_block_store.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arm_stub.h"
#include "cloud/builtin_providers.h"
#include "cloud/provider_registry.h"
#include "support/block_store_checks.h"
#include "util/fake_clock.h"

namespace ark::cloud::azure {
namespace {

class ArmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stub_.disk_store["pvc-1"] = {{"name", "pvc-1"},
                                 {"sku", {{"name", "Premium_LRS"}}},
                                 {"properties", {{"provisioningState", "Succeeded"}}}};
    auto client = std::shared_ptr<http::Client>(std::move(*http::NewCurlClient({})));
    auto tokens = std::make_shared<AdTokenSource>(stub_.url(), ServicePrincipal{"tenant", "c", "s"},
                                                  kArmScope, client, clock_);
    ArmOptions options;
    options.endpoint = stub_.url();
    options.subscription_id = "sub";
    options.resource_group = "rg";
    options.location = "westeurope";
    store_ = std::make_unique<ArmBlockStore>(options, client, tokens, clock_);
  }

  std::chrono::milliseconds Elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now() - start_);
  }

  ark::testing::ArmStub stub_;
  FakeClock clock_;
  Clock::TimePoint start_ = clock_.Now();
  std::unique_ptr<ArmBlockStore> store_;
};

TEST_F(ArmTest, SnapshotRestoreAndDelete) {
  auto info = store_->GetVolumeInfo("pvc-1", "");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->type, "Premium_LRS");
  EXPECT_FALSE(info->iops.has_value());

  auto snap = store_->CreateSnapshot("pvc-1", "", {{"ark.heptio.com/backup", "b1"}});
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->rfind("pvc-1-", 0), 0u) << *snap;
  EXPECT_EQ(stub_.polls, 3);  // two InProgress, then Succeeded
  EXPECT_EQ(Elapsed(), std::chrono::seconds(15));
  const auto& stored = stub_.snapshot_store.at(*snap);
  EXPECT_EQ(stored["location"], "westeurope");
  // ARM refuses '/' in tag names (the stub too): the backup's tag is spelt with '-'.
  EXPECT_EQ(stored["tags"], nlohmann::json({{"ark.heptio.com-backup", "b1"}}));
  EXPECT_EQ(stored["properties"]["creationData"]["createOption"], "Copy");
  EXPECT_EQ(stored["properties"]["creationData"]["sourceResourceId"],
            stub_.ResourceId("disks", "pvc-1"));

  auto disk = store_->CreateVolumeFromSnapshot(*snap, "Premium_LRS", "westeurope-2", std::nullopt);
  ASSERT_TRUE(disk.ok()) << disk.status().ToString();
  EXPECT_EQ(disk->rfind("restore-", 0), 0u);
  EXPECT_EQ(disk->size(), 8u + 36u);
  const auto& made = stub_.disk_store.at(*disk);
  EXPECT_EQ(made["sku"]["name"], "Premium_LRS");
  EXPECT_EQ(made["zones"], nlohmann::json::array({"2"}));
  EXPECT_EQ(made["location"], "westeurope");
  EXPECT_EQ(made["properties"]["creationData"]["sourceResourceId"],
            stub_.ResourceId("snapshots", *snap));

  auto regional = store_->CreateVolumeFromSnapshot(*snap, "Standard_LRS", "0", std::nullopt);
  ASSERT_TRUE(regional.ok()) << regional.status().ToString();
  EXPECT_FALSE(stub_.disk_store.at(*regional).contains("zones"));
  auto ready = store_->IsVolumeReady(*disk, "");
  ASSERT_TRUE(ready.ok()) << ready.status().ToString();
  EXPECT_TRUE(*ready);

  ASSERT_TRUE(store_->DeleteSnapshot(*snap).ok());
  EXPECT_EQ(stub_.snapshot_store.count(*snap), 0u);
  EXPECT_TRUE(store_->DeleteSnapshot(*snap).ok());  // already gone
}

TEST_F(ArmTest, SnapshotExistsUntilItIsDeleted) {
  auto snap = store_->CreateSnapshot("pvc-1", "", {{"ark.heptio.com/backup", "b1"}});
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ark::testing::ExpectSnapshotExistsUntilDeleted(*store_, *snap);
}

TEST(ArmNamesTest, TagNamesWithoutReservedCharacters) {
  const std::pair<std::string, std::string> cases[] = {
      {"ark.heptio.com/backup", "ark.heptio.com-backup"},
      {"ark.heptio.com/pv", "ark.heptio.com-pv"},
      {"plain", "plain"},
      {"a<b>c%d&e\\f?g/h", "a-b-c-d-e-f-g-h"},
      {"", ""},
  };
  for (const auto& [key, want] : cases) EXPECT_EQ(ArmTagName(key), want) << key;
}

TEST(ArmNamesTest, DiskZoneFromKubernetesZoneLabel) {
  struct Case {
    std::string az, sku, want;
  };
  const Case cases[] = {
      {"westeurope-1", "Premium_LRS", "1"},
      {"eastus2-3", "Standard_LRS", "3"},
      {"westeurope-1", "Premium_ZRS", ""},  // zone-redundant: no zone
      {"westeurope-1", "StandardSSD_ZRS", ""},
      {"0", "Standard_LRS", ""},  // AKS label of a node outside zones
      {"westeurope", "Standard_LRS", ""},
      {"", "Standard_LRS", ""},
      {"westeurope-", "Standard_LRS", ""},
      {"us-east-1a", "Standard_LRS", ""},  // not an Azure zone
  };
  for (const auto& c : cases) EXPECT_EQ(DiskZone(c.az, c.sku), c.want) << c.az << " " << c.sku;
}

TEST_F(ArmTest, DiskNotReadyUntilProvisioned) {
  stub_.disk_store["pvc-2"] = {{"sku", {{"name", "Standard_LRS"}}},
                               {"properties", {{"provisioningState", "Creating"}}}};
  auto ready = store_->IsVolumeReady("pvc-2", "");
  ASSERT_TRUE(ready.ok());
  EXPECT_FALSE(*ready);
}

TEST_F(ArmTest, ThrottlingHonoursRetryAfter) {
  stub_.throttle = 2;
  auto info = store_->GetVolumeInfo("pvc-1", "");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(stub_.arm_requests, 3);
  EXPECT_EQ(Elapsed(), std::chrono::seconds(14));
}

TEST_F(ArmTest, EndlessThrottlingStopsAtApiTimeout) {
  stub_.throttle = 1'000'000;
  auto info = store_->GetVolumeInfo("pvc-1", "");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), Code::kResourceExhausted) << info.status().ToString();
  EXPECT_LE(Elapsed(), std::chrono::minutes(2));
  EXPECT_NE(info.status().message().find("pvc-1"), std::string::npos);
}

TEST_F(ArmTest, OperationBeyondApiTimeoutIsDeadlineExceeded) {
  stub_.op_polls = -1;
  auto snap = store_->CreateSnapshot("pvc-1", "", {});
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), Code::kDeadlineExceeded) << snap.status().ToString();
  EXPECT_LE(Elapsed(), std::chrono::minutes(2));
  EXPECT_GE(Elapsed(), std::chrono::minutes(2) - std::chrono::seconds(5));
}

TEST_F(ArmTest, FailedOperationAndMissingDiskAreErrors) {
  stub_.fail_ops = true;
  auto snap = store_->CreateSnapshot("pvc-1", "", {});
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), Code::kAborted);
  EXPECT_EQ(snap.status().reason(), "InternalDiskManagementError");

  auto info = store_->GetVolumeInfo("missing", "");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), Code::kNotFound);
  EXPECT_EQ(info.status().reason(), "ResourceNotFound");
  EXPECT_NE(info.status().message().find("\"missing\""), std::string::npos);
}

TEST_F(ArmTest, LongSnapshotNamesAreTruncatedTo80) {
  std::string name(75, 'd');
  stub_.disk_store[name] = {{"sku", {{"name", "Standard_LRS"}}}};
  auto snap = store_->CreateSnapshot(name, "", {});
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->size(), 80u);
}

TEST_F(ArmTest, RegistryBuildsTheStoreFromConfigAndEnvironment) {
  std::map<std::string, std::string> vars = {
      {"AZURE_SUBSCRIPTION_ID", "sub"},
      {"AZURE_TENANT_ID", "tenant"},
      {"AZURE_RESOURCE_GROUP", "rg"},
      {"AZURE_CLIENT_ID", "c"},
      {"AZURE_CLIENT_SECRET", "s"},
      {"AZURE_AUTHORITY_HOST", stub_.url()},
      {"AZURE_RESOURCE_MANAGER_ENDPOINT", stub_.url() + "/"}};
  ProviderEnv env;
  env.clock = &clock_;
  env.getenv = [&](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  ProviderRegistry registry;
  RegisterBuiltinProviders(registry);
  auto store =
      registry.NewBlockStore("azure", {{"location", "westeurope"}, {"apiTimeout", "30s"}}, env);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto info = (*store)->GetVolumeInfo("pvc-1", "");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->type, "Premium_LRS");
  // apiTimeout from the Config bounds endless throttling.
  stub_.throttle = 1'000'000;
  EXPECT_FALSE((*store)->GetVolumeInfo("pvc-1", "").ok());
  EXPECT_LE(Elapsed(), std::chrono::seconds(30));

  auto no_location = registry.NewBlockStore("azure", {}, env);
  ASSERT_FALSE(no_location.ok());
  EXPECT_NE(no_location.status().message().find("location"), std::string::npos);
  auto bad_timeout =
      registry.NewBlockStore("azure", {{"location", "x"}, {"apiTimeout", "soon"}}, env);
  ASSERT_FALSE(bad_timeout.ok());
  EXPECT_NE(bad_timeout.status().message().find("apiTimeout"), std::string::npos);
  vars.erase("AZURE_CLIENT_SECRET");
  auto no_secret = registry.NewBlockStore("azure", {{"location", "x"}}, env);
  ASSERT_FALSE(no_secret.ok());
  EXPECT_NE(no_secret.status().message().find("AZURE_CLIENT_SECRET"), std::string::npos);
}

}  // namespace
}  // namespace ark::cloud::azure
