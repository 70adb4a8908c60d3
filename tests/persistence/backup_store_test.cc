#include "persistence/backup_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "api/backup_metadata.h"
#include "cloud/local/file_url.h"
#include "cloud/local/local_object_store.h"
#include "support/process.h"

namespace ark::persistence {
namespace {

namespace fs = std::filesystem;
const std::string kFixtures = ARK_SOURCE_DIR "/tests/fixtures";

// Records the store calls and fails the Nth PutObject (1-based; 0: never) or every listing.
class FaultInjectingStore : public cloud::ObjectStore {
 public:
  explicit FaultInjectingStore(cloud::ObjectStore& inner) : inner_(inner) {}
  int fail_put = 0;
  bool fail_list = false;
  bool strip_delimiter = false;   // common prefixes as Ark v0.5's GCP and Azure adapters gave them
  std::vector<std::string> puts;  // keys, in order, of every attempted put

  Status PutObject(const std::string& b, const std::string& k, ByteSource& body,
                   int64_t size) override {
    puts.push_back(k);
    if (static_cast<int>(puts.size()) == fail_put) {
      // Consume part of the body first, as a real upload failing mid-way would.
      char buf[16];
      (void)body.Read(buf, sizeof(buf));
      return Unavailable("injected failure of put #" + std::to_string(fail_put));
    }
    return inner_.PutObject(b, k, body, size);
  }
  Status GetObject(const std::string& b, const std::string& k, ByteSink& sink) override {
    return inner_.GetObject(b, k, sink);
  }
  Result<bool> ObjectExists(const std::string& b, const std::string& k) override {
    return inner_.ObjectExists(b, k);
  }
  Result<std::vector<std::string>> ListCommonPrefixes(const std::string& b, const std::string& p,
                                                      const std::string& d) override {
    if (fail_list) return Unavailable("injected listing failure");
    ARK_ASSIGN_OR_RETURN(std::vector<std::string> prefixes, inner_.ListCommonPrefixes(b, p, d));
    if (strip_delimiter) {
      for (std::string& prefix : prefixes) prefix.resize(prefix.size() - d.size());
    }
    return prefixes;
  }
  Result<std::vector<std::string>> ListObjects(const std::string& b,
                                               const std::string& p) override {
    if (fail_list) return Unavailable("injected listing failure");
    return inner_.ListObjects(b, p);
  }
  Status DeleteObject(const std::string& b, const std::string& k) override {
    return inner_.DeleteObject(b, k);
  }
  Result<std::string> CreateSignedUrl(const std::string& b, const std::string& k,
                                      std::chrono::seconds t) override {
    return inner_.CreateSignedUrl(b, k, t);
  }

 private:
  cloud::ObjectStore& inner_;
};

nlohmann::json Backup(const std::string& name) {
  return {{"kind", "Backup"},
          {"apiVersion", "ark.heptio.com/v1"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"spec", {{"ttl", "24h0m0s"}}},
          {"status", {{"version", 1}, {"phase", "Completed"}}}};
}

std::vector<std::string> Names(const std::vector<nlohmann::json>& backups) {
  std::vector<std::string> names;
  for (const auto& b : backups) names.push_back(b["metadata"]["name"]);
  return names;
}

class BackupStoreTest : public ::testing::Test {
 protected:
  Status PutBackup(BackupStore& bs, const std::string& name) {
    StringSource contents("tarball of " + name);
    StringSource log("log of " + name);
    return bs.PutBackup(name, contents, static_cast<int64_t>(contents.size()), log,
                        static_cast<int64_t>(log.size()), Backup(name));
  }
  // Copies a fixture set into bucket `bucket` of the local store.
  void CopyFixture(const std::string& set, const std::string& bucket) {
    ASSERT_TRUE(fs::exists(kFixtures + "/" + set)) << "fixtures missing at " << kFixtures;
    fs::copy(kFixtures + "/" + set, dir_.File(bucket), fs::copy_options::recursive);
  }

  ark::testing::TempDir dir_;
  cloud::local::LocalObjectStore local_{dir_.path()};
  FaultInjectingStore store_{local_};
};

TEST_F(BackupStoreTest, UploadsContentsThenLogThenMetadata) {
  BackupStore bs(store_, "bucket", "prefix");
  ASSERT_TRUE(PutBackup(bs, "nginx").ok());
  EXPECT_EQ(store_.puts,
            (std::vector<std::string>{"prefix/nginx/nginx.tar.gz", "prefix/nginx/nginx-logs.gz",
                                      "prefix/nginx/ark-backup.json"}));
  EXPECT_EQ(ark::testing::ReadFile(dir_.File("bucket/prefix/nginx/ark-backup.json")),
            api::EncodeBackupMetadata(Backup("nginx")));
  auto got = bs.GetBackup("nginx");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, Backup("nginx"));
  StringSink contents, log;
  ASSERT_TRUE(bs.GetContents("nginx", contents).ok());
  ASSERT_TRUE(bs.GetLog("nginx", log).ok());
  EXPECT_EQ(contents.str(), "tarball of nginx");
  EXPECT_EQ(log.str(), "log of nginx");
  EXPECT_EQ(Names(*bs.ListBackups()), std::vector<std::string>{"nginx"});
}

TEST_F(BackupStoreTest, AFailedUploadLeavesNothingBehind) {
  BackupStore bs(store_, "bucket");
  ASSERT_TRUE(PutBackup(bs, "earlier").ok());
  for (int n = 1; n <= 3; ++n) {
    SCOPED_TRACE(n);
    store_.puts.clear();
    store_.fail_put = n;
    Status s = PutBackup(bs, "broken");
    EXPECT_EQ(s.code(), Code::kUnavailable);
    EXPECT_NE(s.message().find("uploading backup \"broken\""), std::string::npos) << s.ToString();
    EXPECT_EQ(store_.puts.size(), static_cast<size_t>(n));
    EXPECT_TRUE(local_.ListObjects("bucket", "broken/").value().empty());
    EXPECT_EQ(Names(*bs.ListBackups()), std::vector<std::string>{"earlier"});
    EXPECT_EQ(bs.GetBackup("broken").status().code(), Code::kNotFound);
  }
}

TEST_F(BackupStoreTest, AFolderWithoutMetadataIsNotABackup) {
  BackupStore bs(store_, "bucket");
  ASSERT_TRUE(PutBackup(bs, "good").ok());
  StringSource partial("x");
  ASSERT_TRUE(local_.PutObject("bucket", "half/half.tar.gz", partial, 1).ok());
  StringSource garbage("{not json");
  ASSERT_TRUE(local_.PutObject("bucket", "bad/ark-backup.json", garbage, -1).ok());
  std::vector<std::string> skipped;
  auto list = bs.ListBackups(&skipped);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(Names(*list), std::vector<std::string>{"good"});
  EXPECT_EQ(skipped,
            std::vector<std::string>{"backup metadata bad/ark-backup.json: not valid JSON"});
  store_.fail_list = true;
  EXPECT_EQ(bs.ListBackups().status().code(), Code::kUnavailable);
}

TEST_F(BackupStoreTest, ListsTheFixtureBucketsInBothLayouts) {
  CopyFixture("ark-v0.5.1", "ark");
  CopyFixture("ark-v0.3.3", "ark03");
  CopyFixture("velero-v1.1.0", "velero");
  const std::vector<std::string> all = {"full-cluster", "nginx-ns", "nginx-selector"};
  for (const char* bucket : {"ark", "ark03", "velero"}) {
    SCOPED_TRACE(bucket);
    store_.strip_delimiter = true;
    EXPECT_EQ(Names(*BackupStore(store_, bucket).ListBackups()), all);
    store_.strip_delimiter = false;
    BackupStore bs(store_, bucket);
    std::vector<std::string> skipped;
    auto list = bs.ListBackups(&skipped);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    EXPECT_EQ(Names(*list), all);
    EXPECT_TRUE(skipped.empty());
    for (const auto& b : *list) EXPECT_EQ(b["status"]["phase"], "Completed");
    StringSink contents;
    ASSERT_TRUE(bs.GetContents("nginx-ns", contents).ok());
    std::string file = std::string(bucket) == "velero"
                           ? "velero/backups/nginx-ns/nginx-ns.tar.gz"
                           : std::string(bucket) + "/nginx-ns/nginx-ns.tar.gz";
    EXPECT_EQ(contents.str(), ark::testing::ReadFile(dir_.File(file)));
  }
  // Ark v0.3.3 uploaded no logs.
  BackupStore ark03(store_, "ark03");
  StringSink log;
  Status s = ark03.GetLog("nginx-ns", log);
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.message(), "backup \"nginx-ns\" has no log (nginx-ns/nginx-ns-logs.gz)");
}

TEST_F(BackupStoreTest, SignedUrlsInBothLayouts) {
  CopyFixture("ark-v0.5.1", "ark");
  CopyFixture("velero-v1.1.0", "velero");
  BackupStore ark(store_, "ark");
  BackupStore velero(store_, "velero");
  const auto ttl = std::chrono::seconds(600);
  struct Case {
    BackupStore* bs;
    DownloadKind kind;
    std::string name, backup, file;
  } cases[] = {
      {&ark, DownloadKind::kBackupContents, "nginx-ns", "", "ark/nginx-ns/nginx-ns.tar.gz"},
      {&ark, DownloadKind::kBackupLog, "nginx-ns", "", "ark/nginx-ns/nginx-ns-logs.gz"},
      {&ark, DownloadKind::kRestoreLog, "nginx-ns-20261128224625", "nginx-ns",
       "ark/nginx-ns/restore-nginx-ns-20261128224625-logs.gz"},
      {&ark, DownloadKind::kRestoreLog, "nginx-ns-20261128224625", "",  // backup from the name
       "ark/nginx-ns/restore-nginx-ns-20261128224625-logs.gz"},
      {&velero, DownloadKind::kBackupContents, "nginx-ns", "",
       "velero/backups/nginx-ns/nginx-ns.tar.gz"},
      {&velero, DownloadKind::kBackupLog, "nginx-ns", "",
       "velero/backups/nginx-ns/nginx-ns-logs.gz"},
      {&velero, DownloadKind::kRestoreLog, "nginx-ns-20261128224430", "nginx-ns",
       "velero/restores/nginx-ns-20261128224430/restore-nginx-ns-20261128224430-logs.gz"},
      {&velero, DownloadKind::kRestoreResults, "nginx-ns-20261128224430", "",
       "velero/restores/nginx-ns-20261128224430/restore-nginx-ns-20261128224430-results.gz"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    auto url = c.bs->SignedUrl(c.kind, c.name, c.backup, ttl);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto path = cloud::local::FileUrlPath(*url);
    ASSERT_TRUE(path.ok());
    EXPECT_EQ(*path, dir_.File(c.file));
  }
  auto missing =
      ark.SignedUrl(DownloadKind::kRestoreResults, "nginx-ns-20261128224625", "nginx-ns", ttl);
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "no results of restore \"nginx-ns-20261128224625\" in bucket \"ark\"");
  EXPECT_EQ(ark.SignedUrl(DownloadKind::kBackupLog, "nope", "", ttl).status().code(),
            Code::kNotFound);
}

TEST_F(BackupStoreTest, RestoreObjectsAndDeletion) {
  BackupStore bs(store_, "bucket");
  ASSERT_TRUE(PutBackup(bs, "nginx").ok());
  ASSERT_TRUE(PutBackup(bs, "nginx-2").ok());
  StringSource rlog("restore log"), results("results");
  ASSERT_TRUE(bs.PutRestoreLog("nginx", "nginx-r1", rlog, -1).ok());
  ASSERT_TRUE(bs.PutRestoreResults("nginx", "nginx-r1", results, -1).ok());
  EXPECT_EQ(local_.ListObjects("bucket", "nginx/").value(),
            (std::vector<std::string>{"nginx/ark-backup.json", "nginx/nginx-logs.gz",
                                      "nginx/nginx.tar.gz", "nginx/restore-nginx-r1-logs.gz",
                                      "nginx/restore-nginx-r1-results.gz"}));
  ASSERT_TRUE(bs.DeleteBackup("nginx").ok());
  EXPECT_TRUE(local_.ListObjects("bucket", "nginx/").value().empty());
  EXPECT_EQ(Names(*bs.ListBackups()), std::vector<std::string>{"nginx-2"});  // the neighbour stays
  EXPECT_TRUE(bs.DeleteBackup("nginx").ok());  // deleting again is fine

  CopyFixture("velero-v1.1.0", "velero");
  BackupStore velero(store_, "velero");
  ASSERT_TRUE(velero.DeleteBackup("nginx-ns").ok());
  EXPECT_EQ(Names(*velero.ListBackups()),
            (std::vector<std::string>{"full-cluster", "nginx-selector"}));
  EXPECT_TRUE(local_.ListObjects("velero", "backups/nginx-ns/").value().empty());
}

TEST_F(BackupStoreTest, APrefixKeepsBackupsApart) {
  BackupStore outer(store_, "bucket");
  BackupStore inner(store_, "bucket", "cluster-a");
  ASSERT_TRUE(PutBackup(outer, "b1").ok());
  ASSERT_TRUE(PutBackup(inner, "b2").ok());
  EXPECT_EQ(Names(*inner.ListBackups()), std::vector<std::string>{"b2"});
  EXPECT_EQ(Names(*outer.ListBackups()),
            std::vector<std::string>{"b1"});  // cluster-a/ has no metadata
  EXPECT_EQ(inner.GetBackup("b1").status().message(),
            "backup \"b1\" not found in bucket \"bucket\" under prefix \"cluster-a/\"");
  EXPECT_TRUE(*local_.ObjectExists("bucket", "cluster-a/b2/ark-backup.json"));
}

TEST_F(BackupStoreTest, TheManifestGoesUpBeforeTheMetadataAndLeavesWithTheBackup) {
  BackupStore bs(store_, "bucket", "prefix");
  auto put_with_manifest = [&](const std::string& name) {
    StringSource contents("tarball of " + name), log("log of " + name),
        manifest("manifest of " + name);
    ManifestUpload upload{manifest, static_cast<int64_t>(manifest.size())};
    return bs.PutBackup(name, contents, static_cast<int64_t>(contents.size()), log,
                        static_cast<int64_t>(log.size()), Backup(name), &upload);
  };
  ASSERT_TRUE(put_with_manifest("nginx").ok());
  EXPECT_EQ(store_.puts,
            (std::vector<std::string>{"prefix/nginx/nginx.tar.gz", "prefix/nginx/nginx-logs.gz",
                                      "prefix/nginx/nginx-manifest.json.gz",
                                      "prefix/nginx/ark-backup.json"}));
  StringSink manifest;
  ASSERT_TRUE(bs.GetManifest("nginx", manifest).ok());
  EXPECT_EQ(manifest.str(), "manifest of nginx");

  // A failure at any of the four uploads leaves nothing of the backup.
  for (int n = 1; n <= 4; ++n) {
    SCOPED_TRACE(n);
    store_.puts.clear();
    store_.fail_put = n;
    EXPECT_EQ(put_with_manifest("broken").code(), Code::kUnavailable);
    EXPECT_TRUE(local_.ListObjects("bucket", "prefix/broken/").value().empty());
  }
  store_.fail_put = 0;

  ASSERT_TRUE(bs.DeleteBackup("nginx").ok());
  EXPECT_TRUE(local_.ListObjects("bucket", "prefix/nginx/").value().empty());
  StringSink gone;
  EXPECT_EQ(bs.GetManifest("nginx", gone).code(), Code::kNotFound);
}

TEST_F(BackupStoreTest, BackupsWithoutAManifestSaySo) {
  BackupStore bs(store_, "bucket");
  ASSERT_TRUE(PutBackup(bs, "plain").ok());
  StringSink sink;
  Status s = bs.GetManifest("plain", sink);
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.message(), "backup \"plain\" has no manifest (plain/plain-manifest.json.gz)");
  CopyFixture("velero-v1.1.0", "velero");
  s = BackupStore(store_, "velero").GetManifest("nginx-ns", sink);
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.message(), "backup \"nginx-ns\" has no manifest (it is in Velero's layout)");
  CopyFixture("ark-v0.5.1", "ark");
  EXPECT_EQ(BackupStore(store_, "ark").GetManifest("nginx-ns", sink).code(), Code::kNotFound);
  EXPECT_TRUE(sink.str().empty());
}

TEST_F(BackupStoreTest, RejectsNamesThatAreNotKeyComponents) {
  BackupStore bs(store_, "bucket");
  for (const char* bad : {"", "..", "a/b"}) {
    EXPECT_EQ(PutBackup(bs, bad).code(), Code::kInvalidArgument) << bad;
    EXPECT_EQ(bs.GetBackup(bad).status().code(), Code::kInvalidArgument) << bad;
    EXPECT_EQ(bs.DeleteBackup(bad).code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(store_.puts.empty());
}

}  // namespace
}  // namespace ark::persistence
