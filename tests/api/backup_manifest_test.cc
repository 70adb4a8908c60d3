#include "api/backup_manifest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ark::api {
namespace {

BackupManifest Sample() {
  BackupManifest m;
  m.backup = "nginx";
  m.written_by = "ark 0.1.0";
  m.contents = {1234, std::string(64, 'a')};
  m.log = {56, std::string(64, 'b')};
  m.resources = {{"pods", 2}, {"deployments.apps", 1}};
  m.entries = {{"resources/pods/namespaces/default/web.json", {10, std::string(64, 'c')}},
               {"resources/pods/namespaces/default/\"quoted\".json", {0, std::string(64, 'd')}}};
  m.volume_snapshots = {{"pv-1", "snap-0abc", "aws"}};
  return m;
}

TEST(BackupManifest, WritesTheDocumentedJsonAndReadsItBack) {
  StringSink out;
  ASSERT_TRUE(WriteBackupManifest(Sample(), out).ok());
  nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["apiVersion"], "ark.heptio.com/v1");
  EXPECT_EQ(j["kind"], "BackupManifest");
  EXPECT_EQ(j["backup"], "nginx");
  EXPECT_EQ(j["writtenBy"], "ark 0.1.0");
  EXPECT_EQ(j["files"]["contents"],
            nlohmann::json({{"size", 1234}, {"sha256", std::string(64, 'a')}}));
  EXPECT_EQ(j["files"]["log"]["size"], 56);
  EXPECT_EQ(j["resources"], nlohmann::json({{"pods", 2}, {"deployments.apps", 1}}));
  EXPECT_EQ(j["entries"][1]["path"], "resources/pods/namespaces/default/\"quoted\".json");
  EXPECT_EQ(j["volumeSnapshots"][0],
            nlohmann::json(
                {{"persistentVolume", "pv-1"}, {"snapshotID", "snap-0abc"}, {"provider", "aws"}}));
  auto back = DecodeBackupManifest(out.str(), "nginx");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());

  BackupManifest empty;
  empty.backup = "none";
  StringSink none;
  ASSERT_TRUE(WriteBackupManifest(empty, none).ok());
  auto empty_back = DecodeBackupManifest(none.str(), "none");
  ASSERT_TRUE(empty_back.ok()) << empty_back.status().ToString() << "\n" << none.str();
  EXPECT_EQ(*empty_back, empty);
}

TEST(BackupManifest, DamagedDocumentsAreDataLossNamingTheField) {
  StringSink out;
  ASSERT_TRUE(WriteBackupManifest(Sample(), out).ok());
  nlohmann::json j = nlohmann::json::parse(out.str());
  struct Case {
    std::string text, message;
  } cases[] = {
      {"{not json", "manifest nginx: not valid JSON"},
      {"[]", "manifest nginx: not a JSON object"},
      {R"({"kind":"Backup"})", "manifest nginx: kind is \"Backup\", not BackupManifest"},
      {[&] {
         auto k = j;
         k["entries"][1]["size"] = "10";
         return k.dump();
       }(),
       "manifest nginx: entries[1].size: not a non-negative integer"},
      {[&] {
         auto k = j;
         k["files"]["log"].erase("sha256");
         return k.dump();
       }(),
       "manifest nginx: files.log.sha256: not a string"},
      {[&] {
         auto k = j;
         k["resources"]["pods"] = -1;
         return k.dump();
       }(),
       "manifest nginx: resources.pods: not a non-negative integer"},
  };
  for (const Case& c : cases) {
    auto got = DecodeBackupManifest(c.text, "nginx");
    EXPECT_EQ(got.status().code(), Code::kDataLoss) << c.text;
    EXPECT_EQ(got.status().message(), c.message);
  }
}

}  // namespace
}  // namespace ark::api
