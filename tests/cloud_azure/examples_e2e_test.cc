// The reference document's Azure path end to end, as a user outside the cluster runs it: the
// real `kubectl` and `ark` (`ark server` as a process, the CLI) against kubesim, with Blob
// storage in azurite (which checks SharedKey and SAS signatures) and managed disks in the ARM
// stub of arm_stub.h (written from the ARM / Compute REST reference; no emulator exists).
//
// Setup as the document gives it: examples/common/00-prereqs.yaml, the `cloud-credentials`
// secret made with `kubectl create secret generic ... --from-literal` of the seven variables,
// examples/azure/10-ark-config.yaml with its placeholders replaced. The server and CLI get the
// seven variables as environment variables, as the Deployment's `envFrom` would give them,
// plus the private-endpoint overrides AZURE_STORAGE_ENDPOINT,
// AZURE_RESOURCE_MANAGER_ENDPOINT and AZURE_AUTHORITY_HOST.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "azure_world.h"
#include "cloud/azure/blob_object_store.h"
#include "cloud/azure/shared_key.h"
#include "http/client.h"
#include "support/e2e/ark_env.h"
#include "util/base64.h"

namespace ark::testing {
namespace {

using nlohmann::json;

// Shaped like a portal-issued client secret; distinctive so a leak is found by search.
constexpr const char* kClientSecret = "Qx8~Fv3.pLm_Za7-Rt2Wn9KsHd4~Jc6Ye1Ub5Vo0";
constexpr const char* kLocation = kAzureLocation;
constexpr const char* kZone = "westeurope-1";
// What the in-tree azure-disk provisioner names a claim's PV and disk: pvc-<claim uid>.
constexpr const char* kPvName = "pvc-6f1d2c3b-4a5e-4d7f-8b9a-0c1d2e3f4a5b";
constexpr const char* kDiskName = "kubernetes-dynamic-pvc-6f1d2c3b-4a5e-4d7f-8b9a-0c1d2e3f4a5b";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class AzureExamplesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { azurite_ = Azurite::Start(&azurite_error_).release(); }
  static void TearDownTestSuite() {
    delete azurite_;
    azurite_ = nullptr;
  }

  void SetUp() override {
    // An absent or failing azurite fails every test (never a skip).
    ASSERT_NE(azurite_, nullptr) << azurite_error_;
    ArmStubOptions arm = AzureArmOptions(kClientSecret);
    arm.retry_after = 1;  // as ARM does on long-running operations
    arm_ = std::make_unique<ArmStub>(arm);

    // `az storage container create`: a fresh container per test.
    bucket_ = "ark-";
    for (char c : std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())) {
      if (std::isalnum(static_cast<unsigned char>(c)))
        bucket_ += static_cast<char>(std::tolower(c));
    }
    bucket_ = bucket_.substr(0, 63);
    blob_ = NewAzuriteBlobClient(*azurite_);
    ASSERT_NE(blob_, nullptr);
    Status created = blob_->CreateContainer(bucket_);
    ASSERT_TRUE(created.ok()) << created.ToString();
  }

  // The seven variables of the cloud-credentials secret and the endpoint overrides.
  std::map<std::string, std::string> Credentials() const {
    return AzureCredentials(*azurite_, *arm_, kClientSecret);
  }

  // examples/azure/10-ark-config.yaml with the document's three placeholders replaced and,
  // with `endpoint_keys`, the Blob and ARM endpoints of a private cloud as Config keys.
  std::string Config(bool endpoint_keys = false) const {
    std::string config = AzureConfig(bucket_);
    if (endpoint_keys) {
      config = FillIn(config, "  azure: {}\n",
                      "  azure:\n    storageEndpoint: " + azurite_->endpoint() + "\n");
      config = FillIn(config, "    location: " + std::string(kLocation) + "\n",
                      "    location: " + std::string(kLocation) +
                          "\n    resourceManagerEndpoint: " + arm_->url() + "\n");
    }
    return config;
  }

  // kubesim with the prerequisites, the document's secret, the Config and the Azure
  // Deployment (inert on kubesim); then `ark server` with `credentials` in its environment,
  // as that Deployment's envFrom would give them.
  std::unique_ptr<ArkEnv> StartArk(const std::map<std::string, std::string>& credentials,
                                   bool endpoint_keys = false) {
    ArkEnvOptions options;
    options.config_yaml = Config(endpoint_keys);
    options.env = credentials;
    options.start_server = false;
    auto env = ArkEnv::Start(options);
    if (env == nullptr) return nullptr;
    std::vector<std::string> create = {"create",      "secret",    "generic", "cloud-credentials",
                                       "--namespace", "heptio-ark"};
    const char* seven[] = {"AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID",
                           "AZURE_RESOURCE_GROUP",  "AZURE_CLIENT_ID",
                           "AZURE_CLIENT_SECRET",   "AZURE_STORAGE_ACCOUNT_ID",
                           "AZURE_STORAGE_KEY"};
    for (const char* name : seven) {
      create.push_back("--from-literal");
      create.push_back(std::string(name) + "=" + credentials.at(name));
    }
    auto secret = env->Kubectl(create);
    EXPECT_EQ(secret.exit_code, 0) << secret.err;
    json stored = env->Get("secret", "cloud-credentials", "heptio-ark");
    EXPECT_TRUE(stored.is_object());
    if (stored.is_object()) {
      std::vector<std::string> keys;
      for (const auto& [k, v] : stored["data"].items()) keys.push_back(k);
      std::vector<std::string> want(std::begin(seven), std::end(seven));
      std::sort(want.begin(), want.end());
      EXPECT_EQ(keys, want);
      EXPECT_EQ(Base64Decode(stored["data"]["AZURE_CLIENT_SECRET"].get<std::string>()).value_or(""),
                credentials.at("AZURE_CLIENT_SECRET"));
    }
    auto deployment =
        env->Kubectl({"apply", "-f", SourcePath("examples/azure/00-ark-deployment.yaml")});
    EXPECT_EQ(deployment.exit_code, 0) << deployment.err;
    json applied = env->Get("deployment", "ark", "heptio-ark");
    EXPECT_TRUE(applied.is_object());
    if (applied.is_object()) {
      EXPECT_EQ(
          applied["spec"]["template"]["spec"]["containers"][0]["envFrom"][0]["secretRef"]["name"],
          "cloud-credentials");
    }
    const int parts =
        ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count();
    env->StartServer();  // records a failure when the server does not start
    if (::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count() !=
        parts)
      return nullptr;
    return env;
  }

  std::vector<std::string> Keys(const std::string& prefix) {
    auto keys = blob_->ListObjects(bucket_, prefix);
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    return keys.ok() ? *keys : std::vector<std::string>{};
  }

  // The in-tree azure-disk provisioner's work for claim nginx-logs of the `default` class: a
  // managed disk in zone 1 and a PV for it, pre-bound to the claim.
  void ProvisionDisk(ArkEnv& env) {
    arm_->PutDisk(kDiskName, {{"name", kDiskName},
                              {"id", arm_->ResourceId("disks", kDiskName)},
                              {"type", "Microsoft.Compute/disks"},
                              {"location", kLocation},
                              {"zones", {"1"}},
                              {"sku", {{"name", "Standard_LRS"}, {"tier", "Standard"}}},
                              {"tags",
                               {{"created-by", "kubernetes-azure-dd"},
                                {"kubernetes.io-created-for-pv-name", kPvName},
                                {"kubernetes.io-created-for-pvc-name", "nginx-logs"},
                                {"kubernetes.io-created-for-pvc-namespace", "nginx-example"}}},
                              {"properties",
                               {{"creationData", {{"createOption", "Empty"}}},
                                {"diskSizeGB", 1},
                                {"diskState", "Unattached"},
                                {"provisioningState", "Succeeded"}}}});
    const std::string disk_uri = arm_->ResourceId("disks", kDiskName);
    const std::string pv = std::string(R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: PV_NAME
  labels:
    topology.kubernetes.io/region: LOCATION
    topology.kubernetes.io/zone: ZONE
  annotations:
    pv.kubernetes.io/provisioned-by: kubernetes.io/azure-disk
    volumehelper.VolumeDynamicallyCreatedByKey: azure-disk-dynamic-provisioner
spec:
  capacity:
    storage: 1Gi
  accessModes:
  - ReadWriteOnce
  azureDisk:
    diskName: DISK_NAME
    diskURI: DISK_URI
    kind: Managed
    cachingMode: ReadOnly
    fsType: ""
    readOnly: false
  claimRef:
    apiVersion: v1
    kind: PersistentVolumeClaim
    namespace: nginx-example
    name: nginx-logs
  persistentVolumeReclaimPolicy: Delete
  storageClassName: default
  volumeMode: Filesystem
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - key: topology.kubernetes.io/zone
          operator: In
          values:
          - ZONE
)");
    std::string manifest = FillIn(pv, "PV_NAME", kPvName);
    manifest = FillIn(manifest, "LOCATION", kLocation);
    manifest = FillIn(manifest, "ZONE", kZone);
    manifest = FillIn(manifest, "DISK_NAME", kDiskName);
    manifest = FillIn(manifest, "DISK_URI", disk_uri);
    auto applied = env.Kubectl({"apply", "-f", "-"}, manifest);
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }

  // examples/nginx-app/with-pv.yaml with the storage class the document gives for Azure (none:
  // AKS's `default`) and the claim naming the provisioned PV, so that kubesim binds them.
  static std::string WithPvManifest() {
    std::string manifest = ReadFile(SourcePath("examples/nginx-app/with-pv.yaml"));
    return FillIn(manifest, "  storageClassName: <YOUR_STORAGE_CLASS_NAME>\n",
                  "  storageClassName: default\n  volumeName: " + std::string(kPvName) + "\n");
  }

  static void DeleteNamespace(ArkEnv& env) {
    auto del = env.Kubectl({"delete", "namespaces", "nginx-example", "--wait=false"});
    ASSERT_EQ(del.exit_code, 0) << del.err;
    ASSERT_TRUE(PollUntil([&] {
      return env.Kubectl({"get", "namespace", "nginx-example"}).exit_code != 0;
    })) << "namespace nginx-example was not deleted";
  }

  // "nginx-backup-<timestamp>" from `ark restore create`'s output.
  static std::string RestoreName(const std::string& out) {
    const std::string marker = "Restore request \"";
    size_t at = out.find(marker);
    if (at == std::string::npos) return "";
    at += marker.size();
    return out.substr(at, out.find('"', at) - at);
  }

  static Azurite* azurite_;
  static std::string azurite_error_;
  std::unique_ptr<ArmStub> arm_;
  std::string bucket_;
  std::unique_ptr<cloud::azure::BlobObjectStore> blob_;
};

Azurite* AzureExamplesTest::azurite_ = nullptr;
std::string AzureExamplesTest::azurite_error_;

TEST_F(AzureExamplesTest, BasicExample) {
  auto env = StartArk(Credentials());
  ASSERT_NE(env, nullptr);

  auto app = env->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")});
  ASSERT_EQ(app.exit_code, 0) << app.err;
  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  EXPECT_TRUE(Contains(backup.out, "Backup completed with status: Completed.")) << backup.out;

  // The backup is in the container: contents, log, manifest and, written last, the metadata.
  EXPECT_EQ(Keys("nginx-backup/"),
            (std::vector<std::string>{
                "nginx-backup/ark-backup.json", "nginx-backup/nginx-backup-logs.gz",
                "nginx-backup/nginx-backup-manifest.json.gz", "nginx-backup/nginx-backup.tar.gz"}));
  StringSink metadata;
  ASSERT_TRUE(blob_->GetObject(bucket_, "nginx-backup/ark-backup.json", metadata).ok());
  json meta = json::parse(metadata.Take(), nullptr, false);
  ASSERT_TRUE(meta.is_object());
  EXPECT_EQ(meta["metadata"]["name"], "nginx-backup");
  EXPECT_EQ(meta["status"]["phase"], "Completed");

  auto get = env->Ark({"backup", "get"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_TRUE(Contains(get.out, "nginx-backup   Completed")) << get.out;
  auto describe = env->Ark({"backup", "describe", "nginx-backup"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_TRUE(Contains(describe.out, "Phase:  Completed")) << describe.out;
  EXPECT_TRUE(Contains(describe.out, "Label selector:  app=nginx")) << describe.out;
  EXPECT_TRUE(Contains(describe.out, "Persistent Volumes:  <none included>")) << describe.out;

  // `ark backup logs` fetches the server's signed URL: a read-only SAS on the blob.
  auto logs = env->Ark({"backup", "logs", "nginx-backup"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_TRUE(Contains(logs.out, "level=info")) << logs.out;
  EXPECT_TRUE(Contains(logs.out, "backup=heptio-ark/nginx-backup")) << logs.out;
  // The same URL, asked for directly: it reads the blob without credentials, only with its SAS.
  auto requested = env->Kubectl({"create", "-f", "-"},
                                R"({"apiVersion":"ark.heptio.com/v1","kind":"DownloadRequest",
      "metadata":{"name":"logs-url","namespace":"heptio-ark"},
      "spec":{"target":{"kind":"BackupLog","name":"nginx-backup"}}})");
  ASSERT_EQ(requested.exit_code, 0) << requested.err;
  std::string url;
  ASSERT_TRUE(PollUntil([&] {
    json d = env->Get("downloadrequests.ark.heptio.com", "logs-url", "heptio-ark");
    if (d.is_object()) url = d.value("status", json::object()).value("downloadURL", "");
    return !url.empty();
  })) << env->server().Stdout();
  const std::string blob_url =
      azurite_->endpoint() + "/" + bucket_ + "/nginx-backup/nginx-backup-logs.gz";
  EXPECT_EQ(url.rfind(blob_url + "?", 0), 0u) << url;
  EXPECT_TRUE(Contains(url, "sp=r&")) << url;
  EXPECT_TRUE(Contains(url, "&sig=")) << url;
  auto http = http::NewCurlClient({});
  ASSERT_TRUE(http.ok());
  http::Request signed_get;
  signed_get.url = url;
  auto fetched = (*http)->Send(signed_get);
  ASSERT_TRUE(fetched.ok()) << fetched.status().ToString();
  EXPECT_EQ(fetched->status, 200);
  EXPECT_EQ(fetched->body.substr(0, 2), "\x1f\x8b");  // gzip
  http::Request unsigned_get;
  unsigned_get.url = blob_url;
  auto refused = (*http)->Send(unsigned_get);
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_NE(refused->status, 200) << "the container is readable without a signature";

  DeleteNamespace(*env);
  auto restore = env->Ark({"restore", "create", "nginx-backup", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env->server().Stdout();
  EXPECT_TRUE(Contains(restore.out, "Restore completed with status: Completed.")) << restore.out;
  const std::string restore_name = RestoreName(restore.out);

  json deploy = env->Get("deployments", "nginx-deployment", "nginx-example");
  ASSERT_TRUE(deploy.is_object()) << "deployment not restored";
  EXPECT_EQ(deploy["spec"]["replicas"], 2);
  json service = env->Get("services", "my-nginx", "nginx-example");
  ASSERT_TRUE(service.is_object()) << "service not restored";
  EXPECT_EQ(service["spec"]["type"], "LoadBalancer");

  auto restores = env->Ark({"restore", "get"});
  ASSERT_EQ(restores.exit_code, 0) << restores.err;
  EXPECT_TRUE(Contains(restores.out, "nginx-backup   Completed   0          0")) << restores.out;
  // The restore's log and results went to the container beside the backup.
  auto keys = Keys("nginx-backup/restore-");
  EXPECT_EQ(keys,
            (std::vector<std::string>{"nginx-backup/restore-" + restore_name + "-logs.gz",
                                      "nginx-backup/restore-" + restore_name + "-results.gz"}));
}

TEST_F(AzureExamplesTest, SnapshotExample) {
  auto env = StartArk(Credentials());
  ASSERT_NE(env, nullptr);
  ProvisionDisk(*env);
  auto app = env->Kubectl({"apply", "-f", "-"}, WithPvManifest());
  ASSERT_EQ(app.exit_code, 0) << app.err;

  // The document's labelling step, verbatim.
  auto found =
      env->Kubectl({"get", "pv", "-o",
                    R"(jsonpath={.items[?(@.spec.claimRef.name=="nginx-logs")].metadata.name})"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  const std::string nginx_pv_name = found.out;
  ASSERT_EQ(nginx_pv_name, kPvName);
  auto label = env->Kubectl({"label", "pv", nginx_pv_name, "app=nginx"});
  ASSERT_EQ(label.exit_code, 0) << label.err;

  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  EXPECT_TRUE(Contains(backup.out, "Backup completed with status: Completed.")) << backup.out;

  // One snapshot copying the PV's disk, tagged with the backup and the PV.
  auto snapshots = arm_->Snapshots();
  ASSERT_EQ(snapshots.size(), 1u);
  const std::string snapshot = snapshots.begin()->first;
  const json& snap = snapshots.begin()->second;
  EXPECT_EQ(snapshot.rfind(std::string(kDiskName) + "-", 0), 0u) << snapshot;
  EXPECT_LE(snapshot.size(), 80u);
  EXPECT_EQ(snap["location"], kLocation);
  EXPECT_EQ(snap["properties"]["creationData"]["createOption"], "Copy");
  EXPECT_EQ(snap["properties"]["creationData"]["sourceResourceId"],
            arm_->ResourceId("disks", kDiskName));
  EXPECT_EQ(snap["tags"],
            json({{"ark.heptio.com-backup", "nginx-backup"}, {"ark.heptio.com-pv", kPvName}}));

  auto describe = env->Ark({"backup", "describe", "nginx-backup"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_TRUE(Contains(describe.out, "Persistent Volumes:\n  " + std::string(kPvName) + ":\n"))
      << describe.out;
  EXPECT_TRUE(Contains(describe.out, "Snapshot ID:        " + snapshot + "\n")) << describe.out;
  EXPECT_TRUE(Contains(describe.out, "Type:               Standard_LRS\n")) << describe.out;
  EXPECT_TRUE(Contains(describe.out, "Availability Zone:  " + std::string(kZone) + "\n"))
      << describe.out;

  // The disaster; the reclaim policy Delete takes the disk with the PV.
  DeleteNamespace(*env);
  auto del = env->Kubectl({"delete", "pv", nginx_pv_name});
  ASSERT_EQ(del.exit_code, 0) << del.err;
  ASSERT_TRUE(arm_->RemoveDisk(kDiskName));

  auto restore = env->Ark({"restore", "create", "nginx-backup", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env->server().Stdout();
  EXPECT_TRUE(Contains(restore.out, "Restore completed with status: Completed.")) << restore.out;
  const std::string restore_name = RestoreName(restore.out);
  ASSERT_FALSE(restore_name.empty()) << restore.out;

  // A new disk restore-<uuid> copied from the snapshot, in the PV's zone, provisioned.
  auto disks = arm_->Disks();
  ASSERT_EQ(disks.size(), 1u);
  const std::string disk_name = disks.begin()->first;
  const json& disk = disks.begin()->second;
  EXPECT_EQ(disk_name.rfind("restore-", 0), 0u) << disk_name;
  EXPECT_EQ(disk_name.size(), std::string("restore-").size() + 36) << disk_name;
  EXPECT_EQ(disk["location"], kLocation);
  EXPECT_EQ(disk["zones"], json::array({"1"}));
  EXPECT_EQ(disk["sku"]["name"], "Standard_LRS");
  EXPECT_EQ(disk["properties"]["creationData"]["createOption"], "Copy");
  EXPECT_EQ(disk["properties"]["creationData"]["sourceResourceId"],
            arm_->ResourceId("snapshots", snapshot));
  EXPECT_EQ(disk["properties"]["provisioningState"], "Succeeded");

  // The restored PV points at it; the restored claim is bound to the PV.
  json pv = env->Get("pv", kPvName, "");
  ASSERT_TRUE(pv.is_object()) << "persistent volume not restored";
  EXPECT_EQ(pv["spec"]["azureDisk"]["diskName"], disk_name);
  EXPECT_EQ(pv["spec"]["azureDisk"]["diskURI"], arm_->ResourceId("disks", disk_name));
  EXPECT_EQ(pv["metadata"]["labels"]["topology.kubernetes.io/zone"], kZone);
  json pvc = env->Get("pvc", "nginx-logs", "nginx-example");
  ASSERT_TRUE(pvc.is_object()) << "claim not restored";
  EXPECT_EQ(pvc["spec"]["volumeName"], kPvName);
  EXPECT_EQ(pvc["status"]["phase"], "Bound");
  pv = env->Get("pv", kPvName, "");
  EXPECT_EQ(pv["status"]["phase"], "Bound");
  EXPECT_EQ(pv["spec"]["claimRef"]["uid"], pvc["metadata"]["uid"]) << "bound to an older claim";

  auto restores = env->Ark({"restore", "describe", restore_name});
  ASSERT_EQ(restores.exit_code, 0) << restores.err;
  EXPECT_TRUE(Contains(restores.out, "Phase:  Completed")) << restores.out;
  EXPECT_TRUE(Contains(restores.out, "Warnings:  0\nErrors:    0\n")) << restores.out;

  // Deleting the backup deletes its snapshot (an ARM long-running DELETE) and its blobs.
  auto deleted = env->Ark({"backup", "delete", "nginx-backup", "--confirm"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_TRUE(PollUntil([&] { return env->Phase("backups", "nginx-backup").empty(); }))
      << env->server().Stdout();
  EXPECT_TRUE(arm_->Snapshots().empty());
  EXPECT_TRUE(Keys("nginx-backup/").empty());
  EXPECT_EQ(arm_->Disks().count(disk_name), 1u)
      << "the restored disk is not the backup's to delete";
}

// A private cloud's endpoints given as the Config keys storageEndpoint and
// resourceManagerEndpoint instead of variables (Azure AD's host has only AZURE_AUTHORITY_HOST).
TEST_F(AzureExamplesTest, PrivateCloudEndpointsFromConfigKeys) {
  auto credentials = Credentials();
  credentials.erase("AZURE_STORAGE_ENDPOINT");
  credentials.erase("AZURE_RESOURCE_MANAGER_ENDPOINT");
  auto env = StartArk(credentials, /*endpoint_keys=*/true);
  ASSERT_NE(env, nullptr);
  ProvisionDisk(*env);
  ASSERT_EQ(env->Kubectl({"apply", "-f", "-"}, WithPvManifest()).exit_code, 0);
  ASSERT_EQ(env->Kubectl({"label", "pv", kPvName, "app=nginx"}).exit_code, 0);
  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  EXPECT_EQ(arm_->Snapshots().size(), 1u);
  EXPECT_EQ(Keys("nginx-backup/ark-backup.json"),
            std::vector<std::string>{"nginx-backup/ark-backup.json"});
  auto logs = env->Ark({"backup", "logs", "nginx-backup"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_TRUE(Contains(logs.out, "Snapshotting PersistentVolume")) << logs.out;
}

// Credentials are really used: a wrong storage key or client secret fails the backup with an
// error naming the problem, and neither secret ever shows in the server log or CLI output.
TEST_F(AzureExamplesTest, WrongCredentialsFailTheBackupWithoutShowingThem) {
  const std::string wrong_key = Base64Encode(std::string(64, '\x5a'));
  const std::string wrong_secret = "Wr0ng~Secret.Value_Zz9-Yy8Xx7Ww6Vv5Uu4Tt3";
  struct Case {
    std::string name, variable, value;
    bool with_pv;          // the snapshot example (ARM) or the basic one (Blob)
    std::string phase;     // of the backup
    std::string expected;  // in what the user sees: describe, the server log, the backup log
  };
  const Case cases[] = {
      // Nothing can be stored: the backup fails. (The service answers a wrong key with
      // AuthenticationFailed, azurite with AuthorizationFailure; both name the variable.)
      {"storage key", "AZURE_STORAGE_KEY", wrong_key, false, "Failed", "check AZURE_STORAGE_"},
      // The snapshot cannot be taken: the backup is stored with an error in its log.
      {"client secret", "AZURE_CLIENT_SECRET", wrong_secret, true, "PartiallyFailed",
       "azure AD token for client " + std::string(kAzureClientId) + " in tenant " + kAzureTenant +
           ": HTTP 401 invalid_client"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto credentials = Credentials();
    credentials[c.variable] = c.value;
    auto env = StartArk(credentials);
    ASSERT_NE(env, nullptr);
    if (c.with_pv) {
      arm_->RemoveDisk(kDiskName);
      ProvisionDisk(*env);
      ASSERT_EQ(env->Kubectl({"apply", "-f", "-"}, WithPvManifest()).exit_code, 0);
      ASSERT_EQ(env->Kubectl({"label", "pv", kPvName, "app=nginx"}).exit_code, 0);
    } else {
      ASSERT_EQ(env->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")}).exit_code,
                0);
    }
    auto backup =
        env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
    EXPECT_NE(backup.exit_code, 0) << backup.out << backup.err;
    EXPECT_TRUE(Contains(backup.out, "Backup completed with status: " + c.phase + "."))
        << backup.out;
    auto describe = env->Ark({"backup", "describe", "nginx-backup"});
    EXPECT_TRUE(Contains(describe.out, "Phase:  " + c.phase + "\n")) << describe.out;
    auto logs = env->Ark({"backup", "logs", "nginx-backup"});
    const std::string server_log = env->server().Stdout();
    if (c.with_pv) {
      ASSERT_EQ(logs.exit_code, 0) << logs.err;
      EXPECT_TRUE(Contains(logs.out, c.expected)) << logs.out;
      EXPECT_TRUE(Contains(describe.out, "Errors:    1\n")) << describe.out;
      EXPECT_TRUE(arm_->Snapshots().empty());
      EXPECT_GE(arm_->RejectedTokenRequests(), 1);
    } else {
      EXPECT_TRUE(Contains(describe.out, c.expected)) << describe.out;  // the failure reason
      EXPECT_TRUE(Contains(server_log, c.expected)) << server_log;
      EXPECT_TRUE(Keys("nginx-backup/").empty()) << "a backup was stored with a wrong key";
    }

    const std::string said =
        server_log + backup.out + backup.err + describe.out + describe.err + logs.out + logs.err;
    for (const std::string& secret :
         {c.value, std::string(kClientSecret), std::string(Azurite::kKey)}) {
      EXPECT_FALSE(Contains(said, secret)) << "a credential appears in the output:\n" << said;
    }
  }
}

}  // namespace
}  // namespace ark::testing
