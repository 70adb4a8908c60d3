// BackupStore with encryption on: what lands in the bucket is sealed (but the metadata),
// what comes out is the plaintext, and a wrong or missing key is an error naming the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "api/backup_metadata.h"
#include "cloud/local/local_object_store.h"
#include "crypto/aes_gcm.h"
#include "crypto/keyring.h"
#include "crypto/sealed_format.h"
#include "persistence/backup_store.h"
#include "support/process.h"

namespace ark::persistence {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<const crypto::Keyring> Keys(const std::string& current,
                                            const std::vector<std::pair<std::string, char>>& keys) {
  auto ring = std::make_shared<crypto::Keyring>("Secret \"heptio-ark/ark-encryption\"");
  for (const auto& [id, fill] : keys) EXPECT_TRUE(ring->Add(id, std::string(32, fill)).ok());
  EXPECT_TRUE(ring->SetCurrent(current).ok());
  return ring;
}

nlohmann::json Backup(const std::string& name) {
  return {{"kind", "Backup"},
          {"apiVersion", "ark.heptio.com/v1"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"status", {{"version", 1}, {"phase", "Completed"}}}};
}

class SealedBackupStoreTest : public ::testing::Test {
 protected:
  Status Put(BackupStore& bs, const std::string& name, const std::string& contents_text) {
    StringSource contents(contents_text), log("log of " + name), manifest("manifest of " + name);
    ManifestUpload upload{manifest, static_cast<int64_t>(manifest.size())};
    return bs.PutBackup(name, contents, static_cast<int64_t>(contents.size()), log,
                        static_cast<int64_t>(log.size()), Backup(name), &upload);
  }
  std::string Stored(const std::string& key) {
    return ark::testing::ReadFile(dir_.File("bucket/" + key));
  }

  ark::testing::TempDir dir_;
  cloud::local::LocalObjectStore local_{dir_.path()};
};

TEST_F(SealedBackupStoreTest, SealsEveryFileButTheMetadataAndOpensThemOnRead) {
  BackupStore bs(local_, "bucket", "", Keys("k1", {{"k1", 'a'}}));
  const std::string contents(200000, 's');  // more than one chunk
  ASSERT_TRUE(Put(bs, "b1", contents).ok());
  for (const char* key : {"b1/b1.tar.gz", "b1/b1-logs.gz", "b1/b1-manifest.json.gz"}) {
    SCOPED_TRACE(key);
    EXPECT_TRUE(crypto::LooksSealed(Stored(key)));
    EXPECT_EQ(Stored(key).find("ssssssss"), std::string::npos);
    EXPECT_EQ(Stored(key).find("of b1"), std::string::npos);
  }
  EXPECT_EQ(Stored("b1/b1.tar.gz").size(), static_cast<size_t>(crypto::SealedSize(200000, 2)));
  nlohmann::json expected = Backup("b1");
  expected["status"]["encryption"] = {{"algorithm", "AES-256-GCM"}, {"keyID", "k1"}};
  EXPECT_EQ(Stored("b1/ark-backup.json"), api::EncodeBackupMetadata(expected));
  EXPECT_EQ(*bs.GetBackup("b1"), expected);

  StringSink got_contents, got_log, got_manifest;
  ASSERT_TRUE(bs.GetContents("b1", got_contents).ok());
  ASSERT_TRUE(bs.GetLog("b1", got_log).ok());
  ASSERT_TRUE(bs.GetManifest("b1", got_manifest).ok());
  EXPECT_EQ(got_contents.str(), contents);
  EXPECT_EQ(got_log.str(), "log of b1");
  EXPECT_EQ(got_manifest.str(), "manifest of b1");

  StringSource restore_log("restore log"), results("results");
  ASSERT_TRUE(
      bs.PutRestoreLog("b1", "b1-1", restore_log, static_cast<int64_t>(restore_log.size())).ok());
  ASSERT_TRUE(
      bs.PutRestoreResults("b1", "b1-1", results, static_cast<int64_t>(results.size())).ok());
  EXPECT_TRUE(crypto::LooksSealed(Stored("b1/restore-b1-1-logs.gz")));
  EXPECT_TRUE(crypto::LooksSealed(Stored("b1/restore-b1-1-results.gz")));
}

TEST_F(SealedBackupStoreTest, PlainBackupsStayReadableWithKeysAndRotatedKeysOpenOldBackups) {
  BackupStore plain(local_, "bucket");
  ASSERT_TRUE(Put(plain, "old-plain", "plain tarball").ok());
  BackupStore first(local_, "bucket", "", Keys("k1", {{"k1", 'a'}}));
  ASSERT_TRUE(Put(first, "sealed-k1", "k1 tarball").ok());
  BackupStore rotated(local_, "bucket", "", Keys("k2", {{"k1", 'a'}, {"k2", 'b'}}));
  ASSERT_TRUE(Put(rotated, "sealed-k2", "k2 tarball").ok());
  EXPECT_EQ(rotated.GetBackup("sealed-k2")->at("status").at("encryption").at("keyID"), "k2");
  for (const auto& [name, text] :
       std::vector<std::pair<std::string, std::string>>{{"old-plain", "plain tarball"},
                                                        {"sealed-k1", "k1 tarball"},
                                                        {"sealed-k2", "k2 tarball"}}) {
    SCOPED_TRACE(name);
    StringSink got;
    ASSERT_TRUE(rotated.GetContents(name, got).ok());
    EXPECT_EQ(got.str(), text);
  }
  StringSink got;
  ASSERT_TRUE(first.GetContents("old-plain", got).ok());
  EXPECT_EQ(got.str(), "plain tarball");
}

TEST_F(SealedBackupStoreTest, AWrongOrMissingKeyIsAnErrorNamingTheFileAndTheKey) {
  BackupStore writer(local_, "bucket", "", Keys("k1", {{"k1", 'a'}}));
  ASSERT_TRUE(Put(writer, "b1", "tarball").ok());

  BackupStore wrong(local_, "bucket", "", Keys("k1", {{"k1", 'z'}}));
  StringSink sink;
  Status s = wrong.GetContents("b1", sink);
  EXPECT_EQ(s.code(), Code::kDataLoss);
  EXPECT_THAT(s.message(),
              HasSubstr("decrypting contents of backup \"b1\": authentication failed for its "
                        "data key (key ID \"k1\" from Secret \"heptio-ark/ark-encryption\")"));

  BackupStore other(local_, "bucket", "", Keys("k2", {{"k2", 'a'}}));
  s = other.GetLog("b1", sink);
  EXPECT_EQ(s.message(),
            "decrypting log of backup \"b1\": encryption key ID \"k1\" is not in Secret "
            "\"heptio-ark/ark-encryption\" (it holds: k2)");

  BackupStore none(local_, "bucket");
  s = none.GetContents("b1", sink);
  EXPECT_THAT(s.message(),
              HasSubstr("encrypted with key ID \"k1\" but no encryption keys are configured"));
}

TEST_F(SealedBackupStoreTest, ATruncatedSealedTarballFailsTheRead) {
  BackupStore bs(local_, "bucket", "", Keys("k1", {{"k1", 'a'}}));
  ASSERT_TRUE(Put(bs, "b1", std::string(3 * crypto::kDefaultChunkSize + 10, 'x')).ok());
  std::string stored = Stored("b1/b1.tar.gz");
  stored.resize(stored.size() - 10 - crypto::kTagSize);  // the last chunk gone
  ark::testing::WriteFile(dir_.File("bucket/b1/b1.tar.gz"), stored);
  StringSink sink;
  Status s = bs.GetContents("b1", sink);
  EXPECT_EQ(s.code(), Code::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("decrypting contents of backup \"b1\": truncated"));
}

// The encryption stamp goes through api::Backup: a Backup it cannot read is refused, naming
// the field, before any file is written.
TEST_F(SealedBackupStoreTest, ABackupTheResourceModelRefusesIsNotStored) {
  BackupStore bs(local_, "bucket", "", Keys("k1", {{"k1", 'a'}}));
  nlohmann::json backup = Backup("b1");
  backup["status"]["phase"] = 5;
  StringSource contents("contents"), log("log");
  Status s = bs.PutBackup("b1", contents, 8, log, 3, backup);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_THAT(s.message(), ::testing::HasSubstr("status.phase"));
  auto listed = bs.ListBackups();
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_TRUE(listed->empty());
  EXPECT_FALSE(std::filesystem::exists(dir_.File("bucket/b1")));
}

}  // namespace
}  // namespace ark::persistence
