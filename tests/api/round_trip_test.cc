// Objects written by real Ark v0.3.3, Ark v0.5.1 and Velero v1.1.0 read and written back
// unchanged, and typed fields read correctly.
#include <gtest/gtest.h>

#include "api/backup.h"
#include "api/download_request.h"
#include "api/fixture_files.h"
#include "api/restore.h"
#include "api/schedule.h"
#include "util/time_format.h"

namespace ark::api {
namespace {

using testing::FixturePath;
using testing::ReadJsonFile;

TEST(RoundTripTest, BackupMetadataFilesAreLossless) {
  for (const char* file : {
           "ark-v0.5.1/full-cluster/ark-backup.json",
           "ark-v0.5.1/nginx-ns/ark-backup.json",
           "ark-v0.5.1/nginx-selector/ark-backup.json",
           "ark-v0.3.3/full-cluster/ark-backup.json",
           "ark-v0.3.3/nginx-ns/ark-backup.json",
           "ark-v0.3.3/nginx-selector/ark-backup.json",
           "velero-v1.1.0/backups/full-cluster/velero-backup.json",
           "velero-v1.1.0/backups/nginx-ns/velero-backup.json",
           "velero-v1.1.0/backups/nginx-selector/velero-backup.json",
       }) {
    Json original = ReadJsonFile(FixturePath(file));
    auto backup = Backup::FromJson(original);
    ASSERT_TRUE(backup.ok()) << file << ": " << backup.status().ToString();
    EXPECT_EQ(backup->ToJson(), original) << file << "\nwrote:\n" << backup->ToJson().dump(2);
  }
}

TEST(RoundTripTest, RestoreObjectsAreLossless) {
  for (const char* file : {
           "cluster-objects/ark-v0.5.1/restore-nginx-ns-20261128224625.json",
           "cluster-objects/ark-v0.3.3/restore-nginx-ns-20261128224725.json",
           "cluster-objects/velero-v1.1.0/restore-nginx-ns-20261128224430.json",
       }) {
    Json original = ReadJsonFile(FixturePath(file));
    auto restore = Restore::FromJson(original);
    ASSERT_TRUE(restore.ok()) << file << ": " << restore.status().ToString();
    EXPECT_EQ(restore->ToJson(), original) << file << "\nwrote:\n" << restore->ToJson().dump(2);
  }
}

TEST(RoundTripTest, ReadsV051BackupFields) {
  auto b = Backup::FromJson(ReadJsonFile(FixturePath("ark-v0.5.1/nginx-selector/ark-backup.json")));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->metadata.name, "nginx-selector");
  EXPECT_EQ(b->metadata.ns, "heptio-ark");
  EXPECT_EQ(b->metadata.generation, 2);
  EXPECT_EQ(FormatRfc3339(*b->metadata.creation_timestamp), "2026-11-28T22:46:06Z");
  EXPECT_EQ(b->spec.included_namespaces, std::vector<std::string>{"*"});
  EXPECT_TRUE(b->spec.excluded_namespaces.empty());
  ASSERT_TRUE(b->spec.label_selector.has_value());
  EXPECT_EQ(b->spec.label_selector->ToString(), "app=nginx");
  EXPECT_FALSE(b->spec.snapshot_volumes.has_value());
  EXPECT_EQ(b->spec.ttl, std::chrono::hours(24));
  EXPECT_FALSE(b->spec.include_cluster_resources.has_value());
  EXPECT_TRUE(b->spec.hooks.resources.empty());
  EXPECT_EQ(b->status.version, 1);
  EXPECT_EQ(b->status.phase, "Completed");
  EXPECT_EQ(FormatRfc3339(*b->status.expiration), "2026-11-29T22:46:06Z");
  ASSERT_EQ(b->status.volume_backups.count("pv-nginx-logs"), 1u);
  const VolumeBackupInfo& v = b->status.volume_backups.at("pv-nginx-logs");
  EXPECT_EQ(v.snapshot_id, "snap-350b8033eb3dc8264");
  EXPECT_EQ(v.type, "gp2");
  EXPECT_EQ(v.availability_zone, "us-east-1a");
  EXPECT_FALSE(v.iops.has_value());
}

TEST(RoundTripTest, ReadsV033AndVeleroBackupFields) {
  auto old = Backup::FromJson(ReadJsonFile(FixturePath("ark-v0.3.3/nginx-ns/ark-backup.json")));
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->spec.snapshot_volumes, std::optional<bool>(true));
  EXPECT_EQ(old->status.volume_backups.at("pv-nginx-logs").iops, std::optional<int64_t>(0));

  auto velero = Backup::FromJson(
      ReadJsonFile(FixturePath("velero-v1.1.0/backups/nginx-ns/velero-backup.json")));
  ASSERT_TRUE(velero.ok()) << velero.status().ToString();
  EXPECT_EQ(velero->spec.ttl, std::chrono::hours(720));
  EXPECT_EQ(velero->metadata.labels.at("velero.io/storage-location"), "default");
  EXPECT_EQ(FormatRfc3339(*velero->status.completion_timestamp), "2026-11-28T22:44:14Z");
  EXPECT_EQ(velero->status.errors, 0);
}

TEST(RoundTripTest, ReadsRestoreResultsInBothForms) {
  auto lists = Restore::FromJson(
      ReadJsonFile(FixturePath("cluster-objects/ark-v0.5.1/restore-nginx-ns-20261128224625.json")));
  ASSERT_TRUE(lists.ok()) << lists.status().ToString();
  EXPECT_EQ(lists->spec.backup_name, "nginx-ns");
  EXPECT_EQ(lists->spec.excluded_resources, std::vector<std::string>{"nodes"});
  EXPECT_EQ(lists->status.warnings, 1);
  EXPECT_EQ(lists->status.errors, 4);
  ASSERT_TRUE(lists->status.warnings_detail.has_value());
  EXPECT_EQ(lists->status.warnings_detail->namespaces.at("nginx-example"),
            std::vector<std::string>{"serviceaccounts \"default\" already exists"});

  auto counts = Restore::FromJson(ReadJsonFile(
      FixturePath("cluster-objects/velero-v1.1.0/restore-nginx-ns-20261128224430.json")));
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_FALSE(counts->status.warnings_detail.has_value());
  EXPECT_EQ(counts->status.warnings, 0);

  auto v033 = Restore::FromJson(
      ReadJsonFile(FixturePath("cluster-objects/ark-v0.3.3/restore-nginx-ns-20261128224725.json")));
  ASSERT_TRUE(v033.ok()) << v033.status().ToString();
  EXPECT_EQ(v033->spec.namespaces, std::vector<std::string>{"*"});
  EXPECT_EQ(v033->spec.restore_pvs, std::optional<bool>(true));
  EXPECT_EQ(v033->status.errors, 9);
}

TEST(RoundTripTest, ModifiedFieldsAreWrittenAndUnknownFieldsKept) {
  Json original = ReadJsonFile(FixturePath("velero-v1.1.0/backups/nginx-ns/velero-backup.json"));
  auto b = Backup::FromJson(original);
  ASSERT_TRUE(b.ok());
  b->status.phase = "Failed";
  b->status.failure_reason = "upload failed";
  b->spec.excluded_namespaces = {"kube-system"};
  b->spec.snapshot_volumes = false;
  Json out = b->ToJson();
  EXPECT_EQ(out["status"]["phase"], "Failed");
  EXPECT_EQ(out["status"]["failureReason"], "upload failed");
  EXPECT_EQ(out["spec"]["excludedNamespaces"], Json({"kube-system"}));
  EXPECT_EQ(out["spec"]["snapshotVolumes"], false);
  // Velero-only fields survive.
  EXPECT_EQ(out["spec"]["storageLocation"], "default");
  EXPECT_EQ(out["status"]["volumeSnapshotsAttempted"], 1);
  EXPECT_EQ(out["metadata"]["managedFields"], original["metadata"]["managedFields"]);
}

TEST(RoundTripTest, NewObjectsGetTypeMeta) {
  Backup b;
  b.metadata.name = "b1";
  b.metadata.ns = "heptio-ark";
  b.spec.included_namespaces = {"*"};
  b.spec.ttl = std::chrono::hours(720);
  Json out = b.ToJson();
  EXPECT_EQ(out["apiVersion"], "ark.heptio.com/v1");
  EXPECT_EQ(out["kind"], "Backup");
  EXPECT_EQ(out["metadata"], Json({{"name", "b1"}, {"namespace", "heptio-ark"}}));
  EXPECT_EQ(out["spec"]["ttl"], "720h0m0s");
  EXPECT_FALSE(out.contains("status"));
  auto back = Backup::FromJson(out);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->ToJson(), out);
}

TEST(RoundTripTest, MinimalObjectsGainNothing) {
  for (
      const char* text : {
          R"({"apiVersion":"ark.heptio.com/v1","kind":"Backup","metadata":{"name":"x"}})",
          R"({"apiVersion":"ark.heptio.com/v1","kind":"Restore","metadata":{"name":"x"}})",
          R"({"apiVersion":"ark.heptio.com/v1","kind":"Schedule","metadata":{"name":"x"}})",
          R"({"apiVersion":"ark.heptio.com/v1","kind":"Schedule","metadata":{"name":"x"},"spec":{}})",
      }) {
    Json j = Json::parse(text);
    Json out;
    if (j["kind"] == "Backup") out = Backup::FromJson(j)->ToJson();
    if (j["kind"] == "Restore") out = Restore::FromJson(j)->ToJson();
    if (j["kind"] == "Schedule") out = Schedule::FromJson(j)->ToJson();
    EXPECT_EQ(out, j) << text;
  }
}

TEST(RoundTripTest, ScheduleDownloadAndDeleteRequests) {
  Json schedule = Json::parse(R"({
    "apiVersion": "ark.heptio.com/v1", "kind": "Schedule",
    "metadata": {"name": "daily", "namespace": "heptio-ark"},
    "spec": {"schedule": "0 */6 * * *",
             "template": {"includedNamespaces": ["nginx-example"], "ttl": "24h0m0s",
                          "labelSelector": null, "futureField": 7}},
    "status": {"phase": "Enabled", "lastBackup": "2017-11-06T22:46:06Z",
               "validationErrors": null}})");
  auto s = Schedule::FromJson(schedule);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->spec.schedule, "0 */6 * * *");
  EXPECT_EQ(s->spec.backup_template.included_namespaces, std::vector<std::string>{"nginx-example"});
  EXPECT_EQ(FormatRfc3339(*s->status.last_backup), "2017-11-06T22:46:06Z");
  EXPECT_EQ(s->ToJson(), schedule);

  Json download = Json::parse(R"({
    "apiVersion": "ark.heptio.com/v1", "kind": "DownloadRequest",
    "metadata": {"name": "b1-20171106224606", "namespace": "heptio-ark"},
    "spec": {"target": {"kind": "BackupLog", "name": "b1"}},
    "status": {"phase": "Processed", "downloadURL": "http://x/y?sig=1",
               "expiration": "2017-11-06T22:56:06Z"}})");
  auto d = DownloadRequest::FromJson(download);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->target_kind, "BackupLog");
  EXPECT_EQ(d->download_url, "http://x/y?sig=1");
  EXPECT_EQ(d->ToJson(), download);

  // A request the server could not answer: no URL, and why.
  Json failed = download;
  failed["status"] = {{"phase", "Processed"}, {"error", "NotFound: no such backup"}};
  auto f = DownloadRequest::FromJson(failed);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->error, "NotFound: no such backup");
  EXPECT_EQ(f->download_url, "");
  EXPECT_EQ(f->ToJson(), failed);
  failed["status"]["error"] = 7;
  EXPECT_NE(DownloadRequest::FromJson(failed).status().message().find("status.error"),
            std::string::npos);

  Json del = Json::parse(R"({
    "apiVersion": "ark.heptio.com/v1", "kind": "DeleteBackupRequest",
    "metadata": {"name": "b1-x", "namespace": "heptio-ark"},
    "spec": {"backupName": "b1"}, "status": {"phase": "Processed", "errors": ["boom"]}})");
  auto r = DeleteBackupRequest::FromJson(del);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->backup_name, "b1");
  EXPECT_EQ(r->errors, std::vector<std::string>{"boom"});
  EXPECT_EQ(r->ToJson(), del);
}

TEST(RoundTripTest, BadFieldsNameTheObjectAndPath) {
  struct Case {
    const char* json;
    const char* want;
  };
  const Case cases[] = {
      {R"({"kind":"Restore"})", "expected a Backup object, got kind \"Restore\""},
      {R"([1])", "expected a Backup object, got array"},
      {R"({"metadata":{"name":"b1","namespace":"heptio-ark"},"spec":{"ttl":"1d"}})",
       "Backup \"heptio-ark/b1\": spec.ttl: invalid duration \"1d\": unknown unit \"d\""},
      {R"({"metadata":{"name":"b1"},"spec":{"ttl":5}})",
       "Backup \"b1\": spec.ttl: expected a duration string such as \"24h0m0s\", got number"},
      {R"({"metadata":{"name":"b1"},"spec":{"includedNamespaces":["a",3]}})",
       "spec.includedNamespaces[1]: expected a string, got number"},
      {R"({"metadata":{"name":"b1"},"spec":{"snapshotVolumes":"yes"}})",
       "spec.snapshotVolumes: expected true, false or null, got string"},
      {R"({"metadata":{"name":"b1"},"status":{"expiration":"tomorrow"}})",
       "status.expiration: invalid RFC 3339 time \"tomorrow\""},
      {R"({"metadata":{"name":"b1"},"status":{"volumeBackups":{"pv1":{"iops":"x"}}}})",
       "status.volumeBackups.pv1.iops: expected an integer, got string"},
      {R"({"metadata":{"name":"b1"},"spec":{"labelSelector":{"matchExpressions":[{"key":"a","operator":"Near"}]}}})",
       "spec.labelSelector.matchExpressions[0].operator: \"Near\" is not one of In, NotIn"},
      {R"({"metadata":{"name":"b1"},"spec":{"hooks":{"resources":[{"hooks":[{"exec":{"timeout":"soon"}}]}]}}})",
       "spec.hooks.resources[0].hooks[0].exec.timeout: invalid duration \"soon\""},
      {R"({"metadata":{"labels":{"a":1}}})", "metadata.labels.a: expected a string, got number"},
  };
  for (const Case& c : cases) {
    auto b = Backup::FromJson(Json::parse(c.json));
    ASSERT_FALSE(b.ok()) << c.json;
    EXPECT_EQ(b.status().code(), Code::kInvalidArgument);
    EXPECT_NE(b.status().message().find(c.want), std::string::npos)
        << c.json << "\n got: " << b.status().message();
  }
}

}  // namespace
}  // namespace ark::api
