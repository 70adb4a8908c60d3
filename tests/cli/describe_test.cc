// `ark backup|restore|schedule describe` from the typed objects: every field in its place, an
// Ark v0.5 Restore's in-object warning lists as Ark showed them, and an object its api type
// refuses still described, with what could not be read named.
#include "cli/describe.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/display_read.h"

namespace ark::cli {
namespace {

using nlohmann::json;

std::string DescribeBackupText(const json& backup, const BackupReport& report = {}) {
  std::ostringstream out;
  DescribeBackup(out, ReadBackupForDisplay(backup), report, /*details=*/false);
  return out.str();
}

TEST(DescribeTest, BackupShowsEveryField) {
  const json backup = json::parse(R"({
    "apiVersion": "ark.heptio.com/v1", "kind": "Backup",
    "metadata": {"name": "nightly", "namespace": "heptio-ark",
                 "labels": {"ark-schedule": "daily"}, "annotations": {"note": "x"}},
    "spec": {"includedNamespaces": ["app"], "excludedNamespaces": null,
             "includedResources": null, "excludedResources": ["events"],
             "labelSelector": {"matchLabels": {"tier": "web"}}, "snapshotVolumes": true,
             "ttl": "24h", "includeClusterResources": null,
             "hooks": {"resources": [{"name": "h1"}]}},
    "status": {"version": 1, "phase": "Completed", "expiration": "2017-11-07T22:46:06Z",
               "startTimestamp": "2017-11-06T22:46:06Z",
               "completionTimestamp": "2017-11-06T22:47:36Z", "warnings": 0, "errors": 0,
               "progress": {"totalItems": 12, "itemsBackedUp": 12},
               "encryption": {"algorithm": "AES-256-GCM", "keyID": "k1"},
               "volumeBackups": {
                 "pv-1": {"snapshotID": "snap-1", "type": "gp2", "availabilityZone": "us-east-1a"},
                 "pv-2": {"snapshotID": "snap-2", "type": "io1", "iops": 100}}}})");
  EXPECT_EQ(DescribeBackupText(backup),
            "Name:         nightly\n"
            "Namespace:    heptio-ark\n"
            "Labels:       ark-schedule=daily\n"
            "Annotations:  note=x\n\n"
            "Phase:  Completed\n\n"
            "Namespaces:\n"
            "  Included:  app\n"
            "  Excluded:  <none>\n\n"
            "Resources:\n"
            "  Included:        *\n"
            "  Excluded:        events\n"
            "  Cluster-scoped:  auto\n\n"
            "Label selector:  tier=web\n\n"
            "Storage Location:  default\n\n"
            "Snapshot PVs:  true\n\n"
            "TTL:  24h0m0s\n\n"
            "Hooks:  1 resource hook(s)\n\n"
            "Backup Format Version:  1\n\n"
            "Encryption:  AES-256-GCM (key ID k1)\n\n"
            "Started:    2017-11-06 22:46:06 +0000 UTC\n"
            "Completed:  2017-11-06 22:47:36 +0000 UTC\n"
            "Duration:   1m30s\n\n"
            "Expiration:  2017-11-07 22:46:06 +0000 UTC\n\n"
            "Progress:  12/12 items\n\n"
            "Warnings:  0\n"
            "Errors:    0\n\n"
            "Persistent Volumes:\n"
            "  pv-1:\n"
            "    Snapshot ID:        snap-1\n"
            "    Type:               gp2\n"
            "    Availability Zone:  us-east-1a\n"
            "    IOPS:               <N/A>\n"
            "  pv-2:\n"
            "    Snapshot ID:        snap-2\n"
            "    Type:               io1\n"
            "    Availability Zone:  \n"
            "    IOPS:               100\n");
}

TEST(DescribeTest, ANewBackupHasFormatVersionZeroAndAVeleroLocationIsNamed) {
  const json backup = json::parse(R"({"kind": "Backup",
    "metadata": {"name": "b", "namespace": "heptio-ark"},
    "spec": {"storageLocation": "secondary"}, "status": {"phase": "", "version": 0}})");
  const std::string out = DescribeBackupText(backup);
  EXPECT_NE(out.find("Phase:  New\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Storage Location:  secondary\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Backup Format Version:  0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Persistent Volumes:  <none included>\n"), std::string::npos) << out;
}

TEST(DescribeTest, BackupReportResultsAreGroupedAsVeleroGroupsThem) {
  const json backup = json::parse(R"({"kind": "Backup",
    "metadata": {"name": "b", "namespace": "heptio-ark"},
    "status": {"phase": "PartiallyFailed", "version": 1, "warnings": 1, "errors": 1}})");
  BackupReport report;
  report.results = json::parse(R"({
    "warnings": {"namespaces": {"ghost": ["namespace \"ghost\" is included but does not exist"]}},
    "errors": {"ark": ["upload failed"]}})");
  const std::string out = DescribeBackupText(backup, report);
  EXPECT_NE(out.find("Warnings:  1\nErrors:    1\n\n"
                     "Warning details:\n"
                     "  Ark:  <none>\n"
                     "  Cluster:  <none>\n"
                     "  Namespaces:\n"
                     "    ghost:\n"
                     "      namespace \"ghost\" is included but does not exist\n\n"
                     "Error details:\n"
                     "  Ark:\n"
                     "    upload failed\n"
                     "  Cluster:  <none>\n"
                     "  Namespaces:  <none>\n\n"),
            std::string::npos)
      << out;
}

TEST(DescribeTest, AnOddBackupIsDescribedWithWhatCouldNotBeRead) {
  const json backup = json::parse(R"({"kind": "Backup",
    "metadata": {"name": "odd", "namespace": "heptio-ark",
                 "labels": {"app": "x", "app.kubernetes.io/part-of": 1}},
    "spec": {"ttl": 5, "includedNamespaces": ["a"]},
    "status": {"phase": "Completed",
               "volumeBackups": {"pv-1": {"snapshotID": "s", "iops": "many"}}}})");
  const std::string out = DescribeBackupText(backup);
  EXPECT_NE(out.find("Name:         odd\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Labels:       app=x\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Unreadable fields (shown as unset):\n"
                     "  metadata.labels.app.kubernetes.io/part-of: expected a string, got "
                     "number 1\n"
                     "  spec.ttl: expected a duration string such as \"24h0m0s\", got number 5\n"
                     "  status.volumeBackups.pv-1.iops: expected an integer, got string \"many\"\n"
                     "\n"),
            std::string::npos)
      << out;
  // Everything else is still there.
  EXPECT_NE(out.find("Phase:  Completed\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  Included:  a\n"), std::string::npos) << out;
  EXPECT_NE(out.find("TTL:  0s\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  pv-1:\n    Snapshot ID:        s\n"), std::string::npos) << out;
  EXPECT_NE(out.find("    IOPS:               <N/A>\n"), std::string::npos) << out;
}

TEST(DescribeTest, ABackupWhoseSpecIsNoObjectStillShowsItsStatus) {
  const json backup = json::parse(R"({"kind": "Backup",
    "metadata": {"name": "odd", "namespace": "heptio-ark"}, "spec": "oops",
    "status": {"phase": "Failed", "failureReason": "no spec"}})");
  const std::string out = DescribeBackupText(backup);
  EXPECT_NE(out.find("Unreadable fields (shown as unset):\n"
                     "  spec: expected an object, got string\n\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Phase:  Failed\n\nFailure reason:  no spec\n"), std::string::npos) << out;
}

TEST(DescribeTest, AnArkV05RestoreShowsTheListsItsStatusHolds) {
  const json restore = json::parse(R"({"apiVersion": "ark.heptio.com/v1", "kind": "Restore",
    "metadata": {"name": "r-20171106224606", "namespace": "heptio-ark"},
    "spec": {"backupName": "nginx-backup", "includedNamespaces": ["*"], "excludedNamespaces": null,
             "includedResources": null, "excludedResources": null,
             "namespaceMapping": {"a": "b"}, "labelSelector": null, "restorePVs": true},
    "status": {"phase": "Completed", "validationErrors": null,
               "warnings": {"ark": ["a1"], "cluster": null, "namespaces": {"ns1": ["m"]}},
               "errors": {"ark": null, "cluster": ["c1"], "namespaces": null}}})");
  std::ostringstream out;
  DescribeRestore(out, ReadRestoreForDisplay(restore), /*results=*/json(), /*details=*/false);
  EXPECT_EQ(out.str(),
            "Name:         r-20171106224606\n"
            "Namespace:    heptio-ark\n"
            "Labels:       <none>\n"
            "Annotations:  <none>\n\n"
            "Backup:  nginx-backup\n\n"
            "Phase:  Completed\n\n"
            "Namespaces:\n"
            "  Included:  *\n"
            "  Excluded:  <none>\n\n"
            "Resources:\n"
            "  Included:        *\n"
            "  Excluded:        nodes\n"
            "  Cluster-scoped:  auto\n\n"
            "Namespace mappings:  a=b\n\n"
            "Label selector:  <none>\n\n"
            "Restore PVs:  true\n\n"
            "Started:    <unknown>\n"
            "Completed:  <unknown>\n\n"
            "Warnings:  2\n"
            "Errors:    1\n\n"
            "Warning details:\n"
            "  Ark:\n"
            "    a1\n"
            "  Cluster:  <none>\n"
            "  Namespaces:\n"
            "    ns1:\n"
            "      m\n\n"
            "Error details:\n"
            "  Ark:  <none>\n"
            "  Cluster:\n"
            "    c1\n"
            "  Namespaces:  <none>\n");
}

TEST(DescribeTest, RestoreShowsItsOrderProgressAndTheResultsFile) {
  const json restore = json::parse(R"({"kind": "Restore",
    "metadata": {"name": "r", "namespace": "heptio-ark"},
    "spec": {"backupName": "b"},
    "status": {"phase": "Completed", "warnings": 1, "errors": 0,
               "startTimestamp": "2017-11-06T22:46:06Z",
               "completionTimestamp": "2017-11-06T22:46:08Z",
               "progress": {"totalItems": 3, "itemsRestored": 3},
               "resourceOrder": ["namespaces", "configmaps"]}})");
  const json results = json::parse(R"({
    "warnings": {"velero": null, "cluster": null, "namespaces": {"desc": ["differs"]}},
    "errors": {"ark": null, "cluster": null, "namespaces": null}})");
  std::ostringstream out;
  DescribeRestore(out, ReadRestoreForDisplay(restore), results, /*details=*/true);
  EXPECT_NE(out.str().find("Restore order:\n  1. namespaces\n  2. configmaps\n\n"
                           "Started:    2017-11-06 22:46:06 +0000 UTC\n"
                           "Completed:  2017-11-06 22:46:08 +0000 UTC\n"
                           "Duration:   2s\n\n"
                           "Progress:  3/3 items restored\n\n"
                           "Warnings:  1\n"
                           "Errors:    0\n\n"
                           "Warning details:\n"
                           "  Ark:  <none>\n"
                           "  Cluster:  <none>\n"
                           "  Namespaces:\n"
                           "    desc:\n"
                           "      differs\n\n"
                           "Error details:\n"
                           "  Ark:  <none>\n"
                           "  Cluster:  <none>\n"
                           "  Namespaces:  <none>\n"),
            std::string::npos)
      << out.str();
}

TEST(DescribeTest, ScheduleShowsItsTemplateIndented) {
  const json schedule = json::parse(R"({"kind": "Schedule",
    "metadata": {"name": "daily", "namespace": "heptio-ark"},
    "spec": {"schedule": "0 7 * * *",
             "template": {"includedNamespaces": ["app"], "ttl": "720h0m0s"}},
    "status": {"phase": "Enabled", "lastBackup": "2017-11-06T07:00:00Z"}})");
  std::ostringstream out;
  DescribeSchedule(out, ReadScheduleForDisplay(schedule));
  EXPECT_NE(out.str().find("Phase:  Enabled\n\n"
                           "Schedule:  0 7 * * *\n\n"
                           "Backup Template:\n"
                           "  Namespaces:\n"
                           "    Included:  app\n"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("  TTL:  720h0m0s\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Last Backup:  2017-11-06 07:00:00 +0000 UTC\n"), std::string::npos)
      << out.str();
}

TEST(DropFieldTest, RemovesTheNamedFieldOrTheDeepestPartThatExists) {
  json hooks = json::parse(R"({"spec": {"hooks": {"resources": [{"pre": [
    {"exec": {"command": ["x"], "timeout": 5}}]}]}}})");
  ASSERT_TRUE(DropField(hooks, "spec.hooks.resources[0].pre[0].exec.timeout"));
  EXPECT_EQ(hooks["spec"]["hooks"]["resources"][0]["pre"][0]["exec"], (json{{"command", {"x"}}}));

  // A key holding dots is matched whole, and its shorter neighbours stay.
  json labels =
      json::parse(R"({"metadata": {"labels": {"app": "a", "app.kubernetes.io/name": 1}}})");
  ASSERT_TRUE(DropField(labels, "metadata.labels.app.kubernetes.io/name"));
  EXPECT_EQ(labels["metadata"]["labels"], (json{{"app", "a"}}));

  // The named field is already missing: the element holding it goes.
  json selector = json::parse(R"({"spec": {"labelSelector": {"matchExpressions": [
    {"key": "a", "operator": "In"}, {"key": "b", "operator": "Exists"}]}}})");
  ASSERT_TRUE(DropField(selector, "spec.labelSelector.matchExpressions[0].values"));
  EXPECT_EQ(selector["spec"]["labelSelector"]["matchExpressions"],
            json::parse(R"([{"key": "b", "operator": "Exists"}])"));

  json other = json::parse(R"({"spec": {}})");
  EXPECT_FALSE(DropField(other, "status.phase"));
  EXPECT_EQ(other, json::parse(R"({"spec": {}})"));
}

}  // namespace
}  // namespace ark::cli
