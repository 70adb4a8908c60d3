// VerifyBackup against backups written with the real BackupStore on the local object store (a
// temp directory), their manifests built from real tarballs, snapshots in the in-memory block
// store of the backup tests; then each stored file is damaged on disk and the report must name
// what is wrong.
#include "verify/backup_verifier.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "archive/gzip_writer.h"
#include "archive/tarball_writer.h"
#include "backup/fake_block_store.h"
#include "cloud/local/local_object_store.h"
#include "crypto/keyring.h"
#include "support/process.h"
#include "verify/manifest_builder.h"

namespace ark::verify {
namespace {

namespace fs = std::filesystem;
using Entries = std::vector<std::pair<std::string, std::string>>;

const std::string kFixtures = ARK_SOURCE_DIR "/tests/fixtures";

std::string Object(const std::string& api_version, const std::string& kind, const std::string& ns,
                   const std::string& name) {
  nlohmann::json meta = {{"name", name}};
  if (!ns.empty()) meta["namespace"] = ns;
  return nlohmann::json{{"apiVersion", api_version}, {"kind", kind}, {"metadata", meta}}.dump();
}

const Entries& DefaultEntries() {
  static const Entries* entries = new Entries{
      {"resources/namespaces/cluster/default.json", Object("v1", "Namespace", "", "default")},
      {"resources/pods/namespaces/default/web.json", Object("v1", "Pod", "default", "web")},
      {"resources/pods/namespaces/default/db.json", Object("v1", "Pod", "default", "db")},
      {"resources/deployments.apps/namespaces/default/web.json",
       Object("apps/v1", "Deployment", "default", "web")},
      {"resources/persistentvolumes/cluster/pv-1.json",
       Object("v1", "PersistentVolume", "", "pv-1")},
  };
  return *entries;
}

std::string Tarball(const Entries& entries) {
  StringSink out;
  auto writer = archive::NewTarballWriter(out, {.compression_level = 6, .compression_threads = 1});
  EXPECT_TRUE(writer.ok());
  for (const auto& [path, content] : entries) EXPECT_TRUE((*writer)->Add(path, content).ok());
  EXPECT_TRUE((*writer)->Close().ok());
  return out.Take();
}

std::string Gzipped(const std::string& text) {
  StringSink out;
  archive::GzipWriter gz(out, 6, 1);
  EXPECT_TRUE(gz.Write(text).ok());
  EXPECT_TRUE(gz.Close().ok());
  return out.Take();
}

nlohmann::json Metadata(const std::string& name) {
  return {{"kind", "Backup"},
          {"apiVersion", "ark.heptio.com/v1"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"status", {{"version", 1}, {"phase", "Completed"}}}};
}

void FlipByte(const std::string& path, size_t at) {
  std::string bytes = ark::testing::ReadFile(path);
  ASSERT_LT(at, bytes.size());
  bytes[at] ^= 0x01;
  ark::testing::WriteFile(path, bytes);
}

// True when some problem is at `where` and its text contains `what`.
bool HasProblem(const VerifyReport& report, const std::string& where, const std::string& what) {
  for (const Problem& p : report.problems) {
    if (p.where == where && p.what.find(what) != std::string::npos) return true;
  }
  return false;
}

std::string Describe(const VerifyReport& report) {
  std::string out;
  for (const Problem& p : report.problems) out += "  problem " + p.where + ": " + p.what + "\n";
  for (const std::string& c : report.checks) out += "  check " + c + "\n";
  return out;
}

class VerifyBackupTest : public ::testing::Test {
 protected:
  // Stores backup `name` as the server does: tarball, log, manifest built from both, metadata.
  void Store(const std::string& name, const Entries& entries = DefaultEntries(),
             const std::function<void(api::BackupManifest&)>& edit = nullptr) {
    StoreIn(store_, name, entries, edit);
  }
  void StoreIn(persistence::BackupStore& store, const std::string& name,
               const Entries& entries = DefaultEntries(),
               const std::function<void(api::BackupManifest&)>& edit = nullptr) {
    auto snap = snapshots_.CreateSnapshot("vol-1", "us-east-1a", {});
    ASSERT_TRUE(snap.ok());
    snapshot_id_ = *snap;
    const std::string tarball = Tarball(entries);
    const std::string log = Gzipped("time=\"...\" level=info msg=\"Backing up item\"\n");
    ManifestSources sources{
        name, {{"pv-1", {{"snapshotID", snapshot_id_}, {"type", "gp2"}}}}, "aws"};
    StringSource tarball_in(tarball), log_in(log);
    auto manifest = BuildManifest(sources, tarball_in, log_in);
    ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
    if (edit) edit(*manifest);
    StringSink manifest_gz;
    ASSERT_TRUE(WriteGzippedManifest(*manifest, manifest_gz).ok());
    StringSource contents(tarball), log_source(log), manifest_source(manifest_gz.str());
    persistence::ManifestUpload upload{manifest_source,
                                       static_cast<int64_t>(manifest_gz.str().size())};
    nlohmann::json metadata = Metadata(name);
    metadata["status"]["volumeBackups"] = {{"pv-1", {{"snapshotID", snapshot_id_}}}};
    ASSERT_TRUE(store
                    .PutBackup(name, contents, static_cast<int64_t>(tarball.size()), log_source,
                               static_cast<int64_t>(log.size()), metadata, &upload)
                    .ok());
  }

  VerifyReport Verify(const std::string& name, bool deep = false) {
    auto report = VerifyBackup(store_, &snapshots_, name, VerifyOptions{.deep = deep}, nullptr);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport{};
  }

  std::string File(const std::string& key) const { return dir_.File("bucket/" + key); }

  ark::testing::TempDir dir_;
  cloud::local::LocalObjectStore local_{dir_.path()};
  persistence::BackupStore store_{local_, "bucket"};
  ark::testing::FakeBlockStore snapshots_;
  std::string snapshot_id_;
};

TEST_F(VerifyBackupTest, ACleanBackupPasses) {
  Store("nginx");
  for (bool deep : {false, true}) {
    SCOPED_TRACE(deep);
    VerifyReport report = Verify("nginx", deep);
    EXPECT_TRUE(report.passed()) << Describe(report);
    EXPECT_TRUE(report.has_manifest);
    EXPECT_EQ(report.entries, 5);
    EXPECT_EQ(
        report.resources,
        (std::map<std::string, int64_t>{
            {"deployments.apps", 1}, {"namespaces", 1}, {"persistentvolumes", 1}, {"pods", 2}}));
    EXPECT_EQ(report.snapshots_checked, 1);
    EXPECT_NE(Describe(report).find("tarball: "), std::string::npos);
    EXPECT_NE(Describe(report).find("sha256 matches the manifest"), std::string::npos);
  }
}

TEST_F(VerifyBackupTest, AFlippedByteInTheTarballFails) {
  Store("nginx");
  const std::string path = File("nginx/nginx.tar.gz");
  FlipByte(path, fs::file_size(path) / 2);
  VerifyReport report = Verify("nginx");
  EXPECT_FALSE(report.passed());
  EXPECT_TRUE(HasProblem(report, "contents", "sha256 differs from the manifest"))
      << Describe(report);
}

TEST_F(VerifyBackupTest, AFlippedByteInTheLogFails) {
  Store("nginx");
  const std::string path = File("nginx/nginx-logs.gz");
  FlipByte(path, fs::file_size(path) / 2);
  VerifyReport report = Verify("nginx");
  EXPECT_FALSE(report.passed());
  EXPECT_TRUE(HasProblem(report, "log", "sha256 differs from the manifest")) << Describe(report);
}

TEST_F(VerifyBackupTest, AFlippedByteInTheManifestFails) {
  Store("nginx");
  const std::string path = File("nginx/nginx-manifest.json.gz");
  FlipByte(path, fs::file_size(path) / 2);
  VerifyReport report = Verify("nginx");
  EXPECT_FALSE(report.passed());
  EXPECT_TRUE(report.has_manifest);
  EXPECT_TRUE(HasProblem(report, "manifest", "gzip")) << Describe(report);
}

TEST_F(VerifyBackupTest, ADeletedEntryIsNamed) {
  Store("nginx");
  Entries fewer = DefaultEntries();
  fewer.erase(fewer.begin() + 2);  // resources/pods/namespaces/default/db.json
  ark::testing::WriteFile(File("nginx/nginx.tar.gz"), Tarball(fewer));
  VerifyReport report = Verify("nginx");
  EXPECT_FALSE(report.passed());
  EXPECT_TRUE(HasProblem(report, "contents:resources/pods/namespaces/default/db.json",
                         "missing from the tarball"))
      << Describe(report);
  EXPECT_TRUE(HasProblem(report, "contents", "pods: 1 objects, manifest says 2"))
      << Describe(report);
  EXPECT_TRUE(HasProblem(report, "contents", "differs from the manifest") ||
              HasProblem(report, "contents", "manifest says"))
      << Describe(report);
}

TEST_F(VerifyBackupTest, AChangedEntryAndAnExtraEntryAreNamed) {
  Store("nginx");
  Entries changed = DefaultEntries();
  changed[1].second = Object("v1", "Pod", "default", "wex");  // same size, other bytes
  changed.push_back({"resources/secrets/namespaces/default/planted.json",
                     Object("v1", "Secret", "default", "planted")});
  ark::testing::WriteFile(File("nginx/nginx.tar.gz"), Tarball(changed));
  VerifyReport report = Verify("nginx");
  EXPECT_TRUE(HasProblem(report, "contents:resources/pods/namespaces/default/web.json",
                         "sha256 differs from the manifest"))
      << Describe(report);
  EXPECT_TRUE(HasProblem(report, "contents:resources/secrets/namespaces/default/planted.json",
                         "not in the manifest"))
      << Describe(report);
}

TEST_F(VerifyBackupTest, ATruncatedTarballFails) {
  Store("nginx");
  const std::string path = File("nginx/nginx.tar.gz");
  const std::string bytes = ark::testing::ReadFile(path);
  ark::testing::WriteFile(path, bytes.substr(0, bytes.size() - 40));
  VerifyReport report = Verify("nginx");
  EXPECT_FALSE(report.passed());
  EXPECT_TRUE(HasProblem(report, "contents", "truncated gzip stream")) << Describe(report);
  EXPECT_TRUE(HasProblem(report, "contents", "manifest says " + std::to_string(bytes.size())))
      << Describe(report);
}

TEST_F(VerifyBackupTest, ADeletedSnapshotFails) {
  Store("nginx");
  ASSERT_TRUE(snapshots_.DeleteSnapshot(snapshot_id_).ok());
  VerifyReport report = Verify("nginx");
  EXPECT_FALSE(report.passed());
  EXPECT_TRUE(
      HasProblem(report, "snapshot:" + snapshot_id_, "does not exist at the provider (aws)"))
      << Describe(report);
  // Without a block store the snapshots are not checked, and the report says so.
  auto unchecked = VerifyBackup(store_, nullptr, "nginx", {}, nullptr);
  ASSERT_TRUE(unchecked.ok());
  EXPECT_TRUE(unchecked->passed()) << Describe(*unchecked);
  EXPECT_NE(Describe(*unchecked).find("not checked"), std::string::npos);
}

TEST_F(VerifyBackupTest, DeepChecksObjectsAgainstTheirPaths) {
  Entries wrong = DefaultEntries();
  wrong[1].second = Object("v1", "Pod", "kube-system", "other");   // pods/.../default/web.json
  wrong[3].second = Object("v1", "Deployment", "default", "web");  // deployments.apps, core group
  Store("nginx", wrong);
  EXPECT_TRUE(Verify("nginx").passed()) << "the digests match what was written";
  VerifyReport report = Verify("nginx", /*deep=*/true);
  const std::string pod = "contents:resources/pods/namespaces/default/web.json";
  EXPECT_TRUE(HasProblem(report, pod, "Pod is named \"other\", its path says \"web\""))
      << Describe(report);
  EXPECT_TRUE(HasProblem(report, pod, "namespace \"kube-system\", its path says \"default\""))
      << Describe(report);
  EXPECT_TRUE(HasProblem(report, "contents:resources/deployments.apps/namespaces/default/web.json",
                         "not of the group of deployments.apps"))
      << Describe(report);
}

TEST_F(VerifyBackupTest, TheReportKeepsAThousandProblemsAndCountsTheRest) {
  Store("nginx", DefaultEntries(), [](api::BackupManifest& m) {
    for (int i = 0; i < 1500; ++i) {
      m.entries.push_back(
          {"resources/pods/namespaces/x/p" + std::to_string(i) + ".json", {1, "00"}});
    }
  });
  VerifyReport report = Verify("nginx");
  EXPECT_EQ(report.problems.size(), kMaxProblems);
  EXPECT_EQ(report.problems_not_kept, 500) << "1,500 entries missing from the tarball";
}

TEST_F(VerifyBackupTest, AMissingBackupIsAnError) {
  auto report = VerifyBackup(store_, &snapshots_, "nope", {}, nullptr);
  EXPECT_EQ(report.status().code(), Code::kNotFound);
}

TEST_F(VerifyBackupTest, ACancelledCheckStops) {
  Store("nginx");
  CancelToken cancel;
  cancel.Cancel("the server was stopped");
  auto report = VerifyBackup(store_, &snapshots_, "nginx", {}, &cancel);
  EXPECT_EQ(report.status().code(), Code::kCancelled) << report.status().ToString();
}

// With encryption the store hands the verifier plaintext; a changed byte of a sealed file
// fails its authentication, which is a problem of that file, not an error of the check.
TEST_F(VerifyBackupTest, SealedBackupsVerifyAndAChangedByteIsNamed) {
  auto keys = std::make_shared<crypto::Keyring>("Secret \"heptio-ark/ark-encryption\"");
  ASSERT_TRUE(keys->Add("k1", std::string(32, 'k')).ok());
  ASSERT_TRUE(keys->SetCurrent("k1").ok());
  persistence::BackupStore sealed(local_, "sealed", "", keys);
  StoreIn(sealed, "nginx");
  auto clean = VerifyBackup(sealed, &snapshots_, "nginx", VerifyOptions{.deep = true}, nullptr);
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_TRUE(clean->passed()) << Describe(*clean);
  EXPECT_TRUE(clean->has_manifest);
  EXPECT_EQ(clean->entries, 5);

  for (const std::string file : {"nginx.tar.gz", "nginx-logs.gz", "nginx-manifest.json.gz"}) {
    SCOPED_TRACE(file);
    const std::string path = dir_.File("sealed/nginx/" + file);
    const std::string original = ark::testing::ReadFile(path);
    FlipByte(path, original.size() - 20);
    auto report = VerifyBackup(sealed, &snapshots_, "nginx", {}, nullptr);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    const std::string where = file == "nginx.tar.gz"    ? "contents"
                              : file == "nginx-logs.gz" ? "log"
                                                        : "manifest";
    EXPECT_FALSE(report->passed());
    EXPECT_TRUE(HasProblem(*report, where, "")) << Describe(*report);
    ark::testing::WriteFile(path, original);
  }
}

// Backups of Ark v0.3.3, Ark v0.5.1 and Velero v1.1.0 have no manifest: they are checked
// structurally, deep included, and pass saying so.
TEST_F(VerifyBackupTest, OlderBackupsVerifyStructurally) {
  for (const char* set : {"ark-v0.3.3", "ark-v0.5.1", "velero-v1.1.0"}) {
    SCOPED_TRACE(set);
    fs::copy(kFixtures + "/" + set, dir_.File(set), fs::copy_options::recursive);
    persistence::BackupStore fixtures(local_, set);
    for (const char* backup : {"full-cluster", "nginx-ns", "nginx-selector"}) {
      SCOPED_TRACE(backup);
      for (bool deep : {false, true}) {
        auto report = VerifyBackup(fixtures, nullptr, backup, VerifyOptions{.deep = deep}, nullptr);
        ASSERT_TRUE(report.ok()) << report.status().ToString();
        EXPECT_TRUE(report->passed()) << Describe(*report);
        EXPECT_FALSE(report->has_manifest);
        EXPECT_GT(report->entries, 0);
        EXPECT_NE(Describe(*report).find("no manifest"), std::string::npos) << Describe(*report);
      }
    }
  }
}

}  // namespace
}  // namespace ark::verify
