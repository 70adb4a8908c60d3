// ArmBlockStore against a stub ARM server (cpp-httplib) written from the Azure Resource
// Manager and Compute REST API reference (Disks/Snapshots Create Or Update, Get, Delete;
// Azure-AsyncOperation and Location polling; 429 with Retry-After). No ARM emulator exists.
// A fake clock makes polling and throttling waits instant and measurable.
#include "cloud/azure/arm_block_store.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "cloud/provider_registry.h"
#include "util/fake_clock.h"

namespace ark::cloud::azure {
namespace {

constexpr const char* kPrefix = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/";

class StubArm {
 public:
  StubArm() {
    server_.Post("/tenant/oauth2/v2.0/token", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"access_token":"arm-token","expires_in":3600})", "application/json");
    });
    auto guard = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      ++arm_requests;
      if (req.get_header_value("Authorization") != "Bearer arm-token") {
        res.status = 401;
        return false;
      }
      if (throttle > 0) {
        --throttle;
        res.status = 429;
        res.set_header("Retry-After", "7");
        res.set_content(R"({"error":{"code":"TooManyRequests","message":"throttled"}})", "application/json");
        return false;
      }
      if (req.path.rfind(kPrefix, 0) == 0 && req.get_param_value("api-version") != kComputeApiVersion) {
        res.status = 400;
        res.set_content(R"({"error":{"code":"InvalidApiVersion"}})", "application/json");
        return false;
      }
      return true;
    };
    const std::string disks = std::string(kPrefix) + "disks/([^/?]+)";
    const std::string snaps = std::string(kPrefix) + "snapshots/([^/?]+)";
    server_.Get(disks, [this, guard](const httplib::Request& req, httplib::Response& res) {
      if (!guard(req, res)) return;
      std::lock_guard<std::mutex> lock(mu_);
      auto it = disk_store.find(req.matches[1]);
      if (it == disk_store.end()) {
        res.status = 404;
        res.set_content(R"({"error":{"code":"ResourceNotFound","message":"The Resource was not found."}})",
                        "application/json");
        return;
      }
      res.set_content(it->second.dump(), "application/json");
    });
    server_.Put(disks, [this, guard](const httplib::Request& req, httplib::Response& res) {
      if (!guard(req, res)) return;
      std::lock_guard<std::mutex> lock(mu_);
      nlohmann::json body = nlohmann::json::parse(req.body);
      std::string source = body["properties"]["creationData"]["sourceResourceId"];
      std::string snap = source.substr(source.rfind('/') + 1);
      if (snapshot_store.count(snap) == 0) {
        res.status = 404;
        res.set_content(R"({"error":{"code":"NotFound","message":"source snapshot missing"}})", "application/json");
        return;
      }
      body["name"] = std::string(req.matches[1]);
      body["properties"]["provisioningState"] = "Updating";
      disk_store[req.matches[1]] = body;
      int id = next_op++;
      ops[id] = {op_polls, std::string(req.matches[1])};
      res.status = 202;
      res.set_header("Location", url() + "/location/" + std::to_string(id));
    });
    server_.Put(snaps, [this, guard](const httplib::Request& req, httplib::Response& res) {
      if (!guard(req, res)) return;
      std::lock_guard<std::mutex> lock(mu_);
      nlohmann::json body = nlohmann::json::parse(req.body);
      std::string source = body["properties"]["creationData"]["sourceResourceId"];
      if (source.rfind(std::string(kPrefix) + "disks/", 0) != 0 ||
          disk_store.count(source.substr(source.rfind('/') + 1)) == 0) {
        res.status = 404;
        res.set_content(R"({"error":{"code":"NotFound","message":"source disk missing"}})", "application/json");
        return;
      }
      body["name"] = std::string(req.matches[1]);
      snapshot_store[req.matches[1]] = body;
      int id = next_op++;
      ops[id] = {op_polls, ""};
      res.status = 201;
      res.set_header("Azure-AsyncOperation", url() + "/operations/" + std::to_string(id));
      res.set_content(body.dump(), "application/json");
    });
    server_.Delete(snaps, [this, guard](const httplib::Request& req, httplib::Response& res) {
      if (!guard(req, res)) return;
      std::lock_guard<std::mutex> lock(mu_);
      if (snapshot_store.erase(req.matches[1]) == 0) {
        res.status = 204;
        return;
      }
      int id = next_op++;
      ops[id] = {0, ""};
      res.status = 202;
      res.set_header("Azure-AsyncOperation", url() + "/operations/" + std::to_string(id));
    });
    server_.Get(R"(/operations/(\d+))", [this, guard](const httplib::Request& req, httplib::Response& res) {
      if (!guard(req, res)) return;
      std::lock_guard<std::mutex> lock(mu_);
      auto& op = ops[std::stoi(req.matches[1])];
      ++polls;
      if (op.remaining < 0) {
        res.set_content(R"({"status":"InProgress"})", "application/json");
      } else if (op.remaining > 0) {
        --op.remaining;
        res.set_content(R"({"status":"InProgress"})", "application/json");
      } else if (fail_ops) {
        res.set_content(R"({"status":"Failed","error":{"code":"InternalDiskManagementError","message":"boom"}})",
                        "application/json");
      } else {
        res.set_content(R"({"status":"Succeeded"})", "application/json");
      }
    });
    server_.Get(R"(/location/(\d+))", [this, guard](const httplib::Request& req, httplib::Response& res) {
      if (!guard(req, res)) return;
      std::lock_guard<std::mutex> lock(mu_);
      auto& op = ops[std::stoi(req.matches[1])];
      ++polls;
      if (op.remaining != 0) {
        if (op.remaining > 0) --op.remaining;
        res.status = 202;
        return;
      }
      disk_store[op.disk]["properties"]["provisioningState"] = "Succeeded";
      res.status = 200;
      res.set_content(disk_store[op.disk].dump(), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~StubArm() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  struct Op {
    int remaining = 0;  // InProgress answers before the end; -1 = never ends
    std::string disk;   // for Location polls of a disk PUT
  };
  std::mutex mu_;
  std::map<std::string, nlohmann::json> disk_store;
  std::map<std::string, nlohmann::json> snapshot_store;
  std::map<int, Op> ops;
  int next_op = 1;
  int op_polls = 2;
  bool fail_ops = false;
  int throttle = 0;
  int arm_requests = 0;
  int polls = 0;

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

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

  StubArm stub_;
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
  EXPECT_EQ(stored["tags"]["ark.heptio.com/backup"], "b1");
  EXPECT_EQ(stored["properties"]["creationData"]["createOption"], "Copy");
  EXPECT_EQ(stored["properties"]["creationData"]["sourceResourceId"],
            std::string(kPrefix) + "disks/pvc-1");

  auto disk = store_->CreateVolumeFromSnapshot(*snap, "Premium_LRS", "", std::nullopt);
  ASSERT_TRUE(disk.ok()) << disk.status().ToString();
  EXPECT_EQ(disk->rfind("restore-", 0), 0u);
  EXPECT_EQ(disk->size(), 8u + 36u);
  EXPECT_EQ(stub_.disk_store.at(*disk)["sku"]["name"], "Premium_LRS");
  auto ready = store_->IsVolumeReady(*disk, "");
  ASSERT_TRUE(ready.ok()) << ready.status().ToString();
  EXPECT_TRUE(*ready);

  ASSERT_TRUE(store_->DeleteSnapshot(*snap).ok());
  EXPECT_EQ(stub_.snapshot_store.count(*snap), 0u);
  EXPECT_TRUE(store_->DeleteSnapshot(*snap).ok());  // already gone
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
      {"AZURE_SUBSCRIPTION_ID", "sub"}, {"AZURE_TENANT_ID", "tenant"},
      {"AZURE_RESOURCE_GROUP", "rg"},   {"AZURE_CLIENT_ID", "c"},
      {"AZURE_CLIENT_SECRET", "s"},     {"AZURE_AUTHORITY_HOST", stub_.url()},
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
  auto store = registry.NewBlockStore("azure", {{"location", "westeurope"}, {"apiTimeout", "30s"}}, env);
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
  auto bad_timeout = registry.NewBlockStore("azure", {{"location", "x"}, {"apiTimeout", "soon"}}, env);
  ASSERT_FALSE(bad_timeout.ok());
  EXPECT_NE(bad_timeout.status().message().find("apiTimeout"), std::string::npos);
  vars.erase("AZURE_CLIENT_SECRET");
  auto no_secret = registry.NewBlockStore("azure", {{"location", "x"}}, env);
  ASSERT_FALSE(no_secret.ok());
  EXPECT_NE(no_secret.status().message().find("AZURE_CLIENT_SECRET"), std::string::npos);
}

}  // namespace
}  // namespace ark::cloud::azure
