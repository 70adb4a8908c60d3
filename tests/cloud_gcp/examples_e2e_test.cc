// The reference document's "Basic example" and "Snapshot example" with Google Cloud as the
// provider (issue 7), run the way a user outside the cluster runs them: the real `kubectl`,
// `ark server` as a process and the `ark` CLI, against kubesim, with
// examples/gcp/00-ark-config.yaml filled in.
//
// No GCS or Compute Engine emulator can run here (firebase-tools' storage emulator needs a
// newer Java than the machine has), so the cloud is the in-process stubs of this folder, each
// written from Google's API reference and serving on 127.0.0.1 from its own threads:
//   - the OAuth2 token endpoint (token_stub.h) named by the key's token_uri; it verifies the
//     JWT's RS256 signature with the test key's public half;
//   - Compute Engine (compute_stub.h), reached through the Config key `computeEndpoint`; it
//     accepts only tokens the token endpoint issued;
//   - GCS (gcs_stub.h), reached through STORAGE_EMULATOR_HOST. As with Google's client
//     libraries, requests to an emulator host carry no token; the key still signs the V4
//     download URLs, which the stub verifies.
// The credentials are a service-account JSON key (test-generated RSA key) named by
// GOOGLE_APPLICATION_CREDENTIALS in the environment of `ark server` and the CLI.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <regex>

#include "gcp_world.h"
#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr char kBucket[] = "ark-e2e-backups";
constexpr char kConfigZone[] = "us-central1-a";
constexpr char kPvZone[] = "us-central1-b";
// What the in-tree GCE PD provisioner would write for claim nginx-logs.
constexpr char kPvName[] = "pvc-6b1f3a2e-0c4d-4f7a-9e51-2d8c7b90a114";
constexpr char kDiskName[] = "kubernetes-dynamic-pvc-6b1f3a2e-0c4d-4f7a-9e51-2d8c7b90a114";

std::string Gunzip(const std::string& gz) {
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return "";
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

// The base64 lines of a PEM key: none of them may show up in any output.
std::vector<std::string> PemBodyLines(const std::string& pem) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < pem.size()) {
    size_t nl = pem.find('\n', start);
    std::string line = pem.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (line.size() >= 32 && line.rfind("-----", 0) != 0) lines.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

void ExpectNoSecrets(const std::string& where, const std::string& text, const std::string& pem) {
  for (const auto& line : PemBodyLines(pem)) {
    EXPECT_EQ(text.find(line), std::string::npos) << where << " shows the private key";
  }
  EXPECT_EQ(text.find("ya29."), std::string::npos) << where << " shows an access token";
  EXPECT_EQ(text.find("eyJhbGci"), std::string::npos) << where << " shows a signed JWT assertion";
}

// The Google side of the tests (gcp_world.h) and the Config and environment a user would give
// ark.
class GcpExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(gcp_.Start()); }

  static std::string DiskHandle(const std::string& disk) {
    return std::string("projects/") + kGcpProject + "/zones/" + kPvZone + "/disks/" + disk;
  }

  ArkEnvOptions Options() const { return gcp_.Options(kBucket, kConfigZone); }

  // The cloud's part of dynamic provisioning for PVC nginx-logs of with-pv.yaml (storage class
  // `standard`, bound through spec.volumeName): the disk in kPvZone and its PV, whose zone is
  // in the label `zone_label` ("topology.kubernetes.io/zone" or, before Kubernetes 1.17,
  // "failure-domain.beta.kubernetes.io/zone"; the region label beside it). The PV's source is
  // the in-tree gcePersistentDisk, or with `csi` the PD CSI driver's volume handle.
  void ProvisionNginxLogs(ArkEnv& env,
                          const std::string& zone_label = "topology.kubernetes.io/zone",
                          bool csi = false) {
    json labels = json::object();
    if (!zone_label.empty()) {
      labels[zone_label] = kPvZone;
      labels[zone_label.substr(0, zone_label.size() - strlen("zone")) + "region"] = "us-central1";
    }
    std::string app = ReadFile(SourcePath("examples/nginx-app/with-pv.yaml"));
    app = FillIn(app, "  storageClassName: <YOUR_STORAGE_CLASS_NAME>\n",
                 std::string("  storageClassName: standard\n  volumeName: ") + kPvName + "\n");
    auto applied = env.Kubectl({"apply", "-f", "-"}, app);
    ASSERT_EQ(applied.exit_code, 0) << applied.err;

    gcp_.compute().AddDisk(kGcpProject, kPvZone, kDiskName,
                           {GcpDiskType(kPvZone), "READY", "", nullptr});
    json pv = {{"apiVersion", "v1"},
               {"kind", "PersistentVolume"},
               {"metadata",
                {{"name", kPvName},
                 {"labels", labels},
                 {"annotations",
                  {{"pv.kubernetes.io/provisioned-by",
                    csi ? "pd.csi.storage.gke.io" : "kubernetes.io/gce-pd"}}}}},
               {"spec",
                {{"capacity", {{"storage", "1Gi"}}},
                 {"accessModes", {"ReadWriteOnce"}},
                 {"persistentVolumeReclaimPolicy", "Delete"},
                 {"storageClassName", "standard"},
                 {"claimRef",
                  {{"kind", "PersistentVolumeClaim"},
                   {"namespace", "nginx-example"},
                   {"name", "nginx-logs"}}},
                 {"gcePersistentDisk", {{"pdName", kDiskName}, {"fsType", "ext4"}}}}}};
    if (csi) {
      pv["spec"].erase("gcePersistentDisk");
      pv["spec"]["csi"] = {{"driver", "pd.csi.storage.gke.io"},
                           {"volumeHandle", DiskHandle(kDiskName)},
                           {"fsType", "ext4"}};
    }
    auto created = env.Kubectl({"create", "-f", "-"}, pv.dump());
    ASSERT_EQ(created.exit_code, 0) << created.err;
    ASSERT_TRUE(PollUntil([&] {
      json pvc = env.Get("persistentvolumeclaims", "nginx-logs", "nginx-example");
      return pvc.is_object() && pvc["status"].value("phase", "") == "Bound";
    })) << "PVC nginx-logs was not bound";
  }

  // The document's: nginx_pv_name=$(kubectl get pv -o jsonpath=...); kubectl label pv ... app=nginx
  std::string LabelThePv(ArkEnv& env) {
    auto found =
        env.Kubectl({"get", "pv", "-o",
                     R"(jsonpath={.items[?(@.spec.claimRef.name=="nginx-logs")].metadata.name})"});
    EXPECT_EQ(found.exit_code, 0) << found.err;
    EXPECT_EQ(found.out, kPvName);
    auto labelled = env.Kubectl({"label", "pv", found.out, "app=nginx"});
    EXPECT_EQ(labelled.exit_code, 0) << labelled.err;
    return found.out;
  }

  void DeleteNamespace(ArkEnv& env) {
    auto del = env.Kubectl({"delete", "namespaces", "nginx-example", "--wait=false"});
    ASSERT_EQ(del.exit_code, 0) << del.err;
    ASSERT_TRUE(PollUntil([&] {
      return env.Kubectl({"get", "namespace", "nginx-example"}).exit_code != 0;
    })) << "namespace nginx-example was not deleted";
  }

  GcpWorld gcp_;
};

TEST_F(GcpExamplesTest, BasicExample) {
  auto env = ArkEnv::Start(Options());
  ASSERT_NE(env, nullptr);

  auto app = env->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")});
  ASSERT_EQ(app.exit_code, 0) << app.err;

  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  EXPECT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
      << backup.out;

  // The backup is in the bucket: its metadata, the tarball and the log.
  auto metadata = gcp_.gcs().Get(kBucket, "nginx-backup/ark-backup.json");
  ASSERT_TRUE(metadata.has_value()) << "no ark-backup.json in gs://" << kBucket;
  json doc = json::parse(*metadata, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << *metadata;
  EXPECT_EQ(doc["metadata"]["name"], "nginx-backup");
  EXPECT_EQ(doc["status"]["phase"], "Completed");
  auto tarball = gcp_.gcs().Get(kBucket, "nginx-backup/nginx-backup.tar.gz");
  ASSERT_TRUE(tarball.has_value());
  EXPECT_NE(Gunzip(*tarball).find(
                "resources/deployments.apps/namespaces/nginx-example/nginx-deployment.json"),
            std::string::npos);
  auto log = gcp_.gcs().Get(kBucket, "nginx-backup/nginx-backup-logs.gz");
  ASSERT_TRUE(log.has_value());
  EXPECT_FALSE(Gunzip(*log).empty());
  EXPECT_TRUE(gcp_.compute().Snapshots().empty()) << "a backup without PVs took a snapshot";

  auto get = env->Ark({"backup", "get"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_NE(get.out.find("nginx-backup   Completed"), std::string::npos) << get.out;
  auto describe = env->Ark({"backup", "describe", "nginx-backup"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("Phase:  Completed"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Label selector:  app=nginx"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Persistent Volumes:  <none included>"), std::string::npos)
      << describe.out;

  // The log comes through a V4 URL signed with the service-account key.
  const int signed_before = gcp_.gcs().signed_downloads();
  auto logs = env->Ark({"backup", "logs", "nginx-backup"});
  ASSERT_EQ(logs.exit_code, 0) << logs.out << logs.err << env->server().Stdout();
  EXPECT_EQ(logs.out, Gunzip(*log));
  EXPECT_NE(logs.out.find("nginx-deployment"), std::string::npos) << logs.out;
  EXPECT_EQ(gcp_.gcs().signed_downloads(), signed_before + 1);

  DeleteNamespace(*env);
  auto restore = env->Ark({"restore", "create", "nginx-backup", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;

  json deploy = env->Get("deployments", "nginx-deployment", "nginx-example");
  ASSERT_TRUE(deploy.is_object()) << "deployment not restored";
  EXPECT_EQ(deploy["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.7.9");
  json service = env->Get("services", "my-nginx", "nginx-example");
  ASSERT_TRUE(service.is_object()) << "service not restored";
  EXPECT_EQ(service["spec"]["type"], "LoadBalancer");
  auto restores = env->Ark({"restore", "get"});
  EXPECT_NE(restores.out.find("nginx-backup   Completed   0          0"), std::string::npos)
      << restores.out;

  ExpectNoSecrets("ark server's log", env->server().Stdout(), TestKey().PrivatePem());
}

// The snapshot example, once for each zone label a provisioner writes and for a PD CSI volume.
struct SnapshotCase {
  const char* name;
  const char* zone_label;
  bool csi;
};
void PrintTo(const SnapshotCase& c, std::ostream* os) { *os << c.name; }

class GcpSnapshotExampleTest : public GcpExamplesTest,
                               public ::testing::WithParamInterface<SnapshotCase> {};

INSTANTIATE_TEST_SUITE_P(
    Volumes, GcpSnapshotExampleTest,
    ::testing::Values(SnapshotCase{"TopologyLabel", "topology.kubernetes.io/zone", false},
                      SnapshotCase{"FailureDomainBetaLabel",
                                   "failure-domain.beta.kubernetes.io/zone", false},
                      SnapshotCase{"CsiHandle", "topology.kubernetes.io/zone", true},
                      // As the PD CSI driver provisions: the zone only in the handle (and in
                      // spec.nodeAffinity), no zone label; the Config's zone is another one.
                      SnapshotCase{"CsiHandleWithoutZoneLabel", "", true}),
    [](const ::testing::TestParamInfo<SnapshotCase>& info) {
      return std::string(info.param.name);
    });

TEST_P(GcpSnapshotExampleTest, SnapshotExample) {
  const std::string zone_label = GetParam().zone_label;
  const bool csi = GetParam().csi;
  auto env = ArkEnv::Start(Options());
  ASSERT_NE(env, nullptr);
  ProvisionNginxLogs(*env, zone_label, csi);
  const std::string pv_name = LabelThePv(*env);
  ASSERT_EQ(pv_name, kPvName);

  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
  EXPECT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
      << backup.out;

  // One snapshot, of the PV's disk in the PV's zone, labelled with the backup and the PV.
  auto snapshots = gcp_.compute().Snapshots();
  ASSERT_EQ(snapshots.size(), 1u);
  const std::string snapshot = snapshots.begin()->first;
  const ComputeStub::Snapshot& snap = snapshots.begin()->second;
  EXPECT_EQ(snap.source_disk, kDiskName);
  EXPECT_EQ(snap.source_zone, kPvZone);
  EXPECT_LE(snapshot.size(), 63u);
  EXPECT_TRUE(std::regex_match(snapshot, std::regex("kubernetes-dynamic-pvc-[0-9a-f-]+")))
      << snapshot;
  EXPECT_EQ(snap.labels,
            (std::map<std::string, std::string>{{"ark-heptio-com-backup", "nginx-backup"},
                                                {"ark-heptio-com-pv", kPvName}}));
  EXPECT_GE(gcp_.tokens().exchanges(), 1);
  EXPECT_EQ(gcp_.tokens().last_scope(), "https://www.googleapis.com/auth/compute");

  auto describe = env->Ark({"backup", "describe", "nginx-backup"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find(std::string("  ") + kPvName +
                              ":\n    Snapshot ID:        " + snapshot + "\n"),
            std::string::npos)
      << describe.out;
  EXPECT_NE(describe.out.find("    Type:               " + GcpDiskType(kPvZone) + "\n"),
            std::string::npos)
      << describe.out;
  // The backup records the PV's zone label (none for the CSI volume without one).
  const std::string recorded_zone = zone_label.empty() ? "" : kPvZone;
  EXPECT_NE(describe.out.find("    Availability Zone:  " + recorded_zone + "\n"), std::string::npos)
      << describe.out;

  // The disaster: the namespace and the PV go, and with reclaim policy Delete so does the disk.
  DeleteNamespace(*env);
  auto del = env->Kubectl({"delete", "pv", pv_name});
  ASSERT_EQ(del.exit_code, 0) << del.err;
  ASSERT_TRUE(gcp_.compute().DeleteDisk(kGcpProject, kPvZone, kDiskName));

  auto restore = env->Ark({"restore", "create", "nginx-backup", "--wait"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err << env->server().Stdout();
  EXPECT_NE(restore.out.find("Restore completed with status: Completed."), std::string::npos)
      << restore.out;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(restore.out, m, std::regex("Restore request \"(nginx-backup-[0-9]+)\"")))
      << restore.out;
  const std::string restore_name = m[1];
  json restore_obj = env->Get("restores.ark.heptio.com", restore_name, "heptio-ark");
  ASSERT_TRUE(restore_obj.is_object());
  EXPECT_EQ(restore_obj["status"].value("errors", -1), 0) << restore_obj.dump();
  EXPECT_EQ(restore_obj["status"].value("warnings", -1), 0) << restore_obj.dump();
  auto restore_describe = env->Ark({"restore", "describe", restore_name});
  EXPECT_NE(restore_describe.out.find("Errors:    0"), std::string::npos) << restore_describe.out;

  // A new disk restore-<uuid> made from the snapshot, in the PV's zone (not the Config's):
  // the zone label's, else the snapshotted disk's.
  auto disks = gcp_.compute().Disks();
  ASSERT_EQ(disks.size(), 1u) << "the deleted disk is back, or more than one disk was made";
  const std::string key = disks.begin()->first;
  const ComputeStub::Disk& disk = disks.begin()->second;
  const std::string prefix = std::string(kGcpProject) + "/" + kPvZone + "/";
  ASSERT_EQ(key.rfind(prefix, 0), 0u) << key;
  const std::string new_disk = key.substr(prefix.size());
  EXPECT_TRUE(std::regex_match(
      new_disk, std::regex("restore-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")))
      << new_disk;
  EXPECT_EQ(disk.source_snapshot,
            std::string("projects/") + kGcpProject + "/global/snapshots/" + snapshot);
  EXPECT_EQ(disk.status, "READY");
  EXPECT_EQ(disk.type, GcpDiskType(kPvZone));

  // The PV points at the new disk and the claim is bound to it again.
  json pv = env->Get("persistentvolumes", pv_name, "");
  ASSERT_TRUE(pv.is_object()) << "PV not restored";
  if (csi) {
    EXPECT_EQ(pv["spec"]["csi"]["volumeHandle"], DiskHandle(new_disk)) << pv.dump();
  } else {
    EXPECT_EQ(pv["spec"]["gcePersistentDisk"]["pdName"], new_disk) << pv.dump();
  }
  if (!zone_label.empty()) {
    EXPECT_EQ(pv["metadata"]["labels"][zone_label], kPvZone);
  }
  EXPECT_EQ(pv["spec"]["persistentVolumeReclaimPolicy"], "Delete");
  json pvc = env->Get("persistentvolumeclaims", "nginx-logs", "nginx-example");
  ASSERT_TRUE(pvc.is_object()) << "PVC not restored";
  EXPECT_EQ(pvc["spec"]["volumeName"], pv_name);
  EXPECT_EQ(pvc["status"]["phase"], "Bound");
  EXPECT_EQ(env->Get("persistentvolumes", pv_name, "")["spec"]["claimRef"]["uid"],
            pvc["metadata"]["uid"]);
  EXPECT_EQ(env->Get("persistentvolumes", pv_name, "")["status"]["phase"], "Bound");
  // with-pv.yaml labels the Service app=nginx (its Deployment carries the label only on its
  // pod template, so the selector does not take it).
  EXPECT_TRUE(env->Get("services", "my-nginx", "nginx-example").is_object());

  // Deleting the backup deletes its snapshot and its files; the restored disk stays.
  auto deleted = env->Ark({"backup", "delete", "nginx-backup", "--confirm"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.out << deleted.err;
  EXPECT_TRUE(
      PollUntil([&] { return gcp_.compute().Snapshots().empty(); }, std::chrono::seconds(30)))
      << env->server().Stdout();
  // The metadata goes first and the rest after, so each file is awaited on its own (the
  // Backup may leave the cluster, through the sync, before the last file is gone).
  for (const char* key : {"nginx-backup/ark-backup.json", "nginx-backup/nginx-backup.tar.gz"}) {
    EXPECT_TRUE(PollUntil([&] { return !gcp_.gcs().Get(kBucket, key).has_value(); },
                          std::chrono::seconds(30)))
        << key;
  }
  EXPECT_TRUE(PollUntil([&] { return env->Phase("backups", "nginx-backup").empty(); },
                        std::chrono::seconds(30)));
  EXPECT_EQ(gcp_.compute().Disks().size(), 1u);

  ExpectNoSecrets("ark server's log", env->server().Stdout(), TestKey().PrivatePem());
}

// A key the token endpoint does not accept (right account, wrong private key): the snapshot
// cannot be taken, the backup does not complete, and the errors say why without the key.
TEST_F(GcpExamplesTest, AWrongKeyFailsTheSnapshotBackupClearly) {
  TestRsaKey wrong;
  gcp_.WriteKey(wrong);
  auto env = ArkEnv::Start(Options());
  ASSERT_NE(env, nullptr);
  ProvisionNginxLogs(*env);
  LabelThePv(*env);

  auto backup = env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
  EXPECT_EQ(backup.exit_code, 1) << backup.out << backup.err;
  EXPECT_NE(backup.out.find("Backup completed with status: PartiallyFailed."), std::string::npos)
      << backup.out;
  EXPECT_TRUE(gcp_.compute().Snapshots().empty());
  EXPECT_EQ(gcp_.tokens().exchanges(), 0);

  auto describe = env->Ark({"backup", "describe", "nginx-backup"});
  EXPECT_NE(describe.out.find("Errors:    1\n"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Persistent Volumes:  <none included>"), std::string::npos)
      << describe.out;
  // The backup's log (in the bucket) names the volume, the key file and the token endpoint's
  // answer.
  auto stored_log = gcp_.gcs().Get(kBucket, "nginx-backup/nginx-backup-logs.gz");
  ASSERT_TRUE(stored_log.has_value());
  const std::string backup_log = Gunzip(*stored_log);
  EXPECT_NE(
      backup_log.find("level=error msg=\"backing up persistentvolumes " + std::string(kPvName) +
                      ": volumeSnapshotAction: Unauthenticated: snapshotting volume " + kDiskName +
                      ": exchanging service-account key " + gcp_.KeyPath() +
                      " for a token: invalid_grant: Invalid JWT Signature. (HTTP 400)\""),
      std::string::npos)
      << backup_log;

  // The key also signs download URLs; the wrong one is refused by storage.
  auto logs = env->Ark({"backup", "logs", "nginx-backup"});
  EXPECT_EQ(logs.exit_code, 1) << logs.out;
  EXPECT_NE(logs.err.find("download failed with HTTP 403"), std::string::npos) << logs.err;
  EXPECT_NE(logs.err.find("SignatureDoesNotMatch"), std::string::npos) << logs.err;

  for (const auto& [where, text] :
       std::map<std::string, std::string>{{"ark server's log", env->server().Stdout()},
                                          {"backup create", backup.out + backup.err},
                                          {"backup describe", describe.out + describe.err},
                                          {"backup logs", logs.out + logs.err},
                                          {"the backup's log", backup_log}}) {
    ExpectNoSecrets(where, text, wrong.PrivatePem());
  }
}

// A private cloud's storage: GCS through the Config key `storageEndpoint` (no
// STORAGE_EMULATOR_HOST), where every request needs a token exchanged with the key. The basic
// example's backup fails with a wrong key, naming the problem, and completes with the right one.
TEST_F(GcpExamplesTest, APrivateStorageEndpointNeedsTheKeysToken) {
  StubServer storage;
  GcsStub gcs(
      storage, [this](const std::string& token) { return gcp_.tokens().Issued(token); },
      &TestKey());
  storage.Start();
  TestRsaKey wrong;
  struct Case {
    std::string name;
    const TestRsaKey& key;
    bool completes;
  };
  for (const Case& c : {Case{"wrong key", wrong, false}, Case{"right key", TestKey(), true}}) {
    SCOPED_TRACE(c.name);
    gcp_.WriteKey(c.key);
    ArkEnvOptions options = Options();
    options.env.erase("STORAGE_EMULATOR_HOST");
    options.config_yaml = FillIn(options.config_yaml, "  gcp: {}\n",
                                 "  gcp:\n    storageEndpoint: " + storage.url() + "\n");
    auto env = ArkEnv::Start(options);
    ASSERT_NE(env, nullptr);
    auto app = env->Kubectl({"apply", "-f", SourcePath("examples/nginx-app/base.yaml")});
    ASSERT_EQ(app.exit_code, 0) << app.err;

    auto backup =
        env->Ark({"backup", "create", "nginx-backup", "--selector", "app=nginx", "--wait"});
    auto describe = env->Ark({"backup", "describe", "nginx-backup"});
    if (c.completes) {
      ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env->server().Stdout();
      EXPECT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
          << backup.out;
      EXPECT_TRUE(gcs.Get(kBucket, "nginx-backup/ark-backup.json").has_value());
      EXPECT_EQ(gcs.unauthorized(), 0);
      EXPECT_GE(gcp_.tokens().exchanges(), 1);
      auto logs = env->Ark({"backup", "logs", "nginx-backup"});
      EXPECT_EQ(logs.exit_code, 0) << logs.err;
      EXPECT_NE(logs.out.find("nginx-deployment"), std::string::npos) << logs.out;
    } else {
      EXPECT_EQ(backup.exit_code, 1) << backup.out << backup.err;
      EXPECT_NE(backup.out.find("Backup completed with status: Failed."), std::string::npos)
          << backup.out;
      json failed = env->Get("backups.ark.heptio.com", "nginx-backup", "heptio-ark");
      const std::string reason = failed["status"].value("failureReason", "");
      // The first call to the bucket is the check that no backup of that name is there.
      EXPECT_NE(reason.find("checking whether the backup is already in object storage"),
                std::string::npos)
          << reason;
      EXPECT_NE(reason.find("exchanging service-account key " + gcp_.KeyPath() +
                            " for a token: invalid_grant: Invalid JWT Signature. (HTTP 400)"),
                std::string::npos)
          << reason;
      EXPECT_NE(describe.out.find("Invalid JWT Signature."), std::string::npos) << describe.out;
      EXPECT_FALSE(gcs.Get(kBucket, "nginx-backup/ark-backup.json").has_value());
      EXPECT_EQ(gcp_.tokens().exchanges(), 0);
    }
    for (const auto& [where, text] :
         std::map<std::string, std::string>{{"ark server's log", env->server().Stdout()},
                                            {"backup create", backup.out + backup.err},
                                            {"backup describe", describe.out + describe.err}}) {
      ExpectNoSecrets(where, text, c.key.PrivatePem());
    }
  }
}

}  // namespace
}  // namespace ark::testing
