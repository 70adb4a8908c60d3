// `ark backup verify` with the real binaries against kubesim and the local store: a clean
// backup passes, a flipped byte or a cut tarball fails naming the tarball, a restore into a
// cluster without the backup's CRD would fail, a schedule with --verify records the result on
// its backups and in the metric, and wrong names and flags are clear errors.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

const char* kWidgetCrd =
    R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
  "metadata":{"name":"widgets.example.com"},
  "spec":{"group":"example.com","scope":"Namespaced",
    "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
    "versions":[{"name":"v1","served":true,"storage":true,
      "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})";

class VerifyTest : public ::testing::Test {
 protected:
  // The cluster's objects exist before the server starts, so its first look at what the
  // cluster serves includes the Widget CRD.
  static void SetUpTestSuite() {
    ArkEnvOptions options;
    options.start_server = false;
    env_ = ArkEnv::Start(options).release();
    ASSERT_NE(env_, nullptr);
    ASSERT_EQ(env_->Kubectl({"create", "namespace", "ver"}).exit_code, 0);
    auto created = env_->Kubectl(
        {"create", "configmap", "settings", "-n", "ver", "--from-literal=mode=backed-up"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    ASSERT_EQ(env_->Kubectl({"create", "-f", "-"}, kWidgetCrd).exit_code, 0);
    ASSERT_TRUE(PollUntil([&] {
      return env_->Kubectl({"get", "widgets.example.com", "-n", "widgets"}).exit_code == 0;
    }));
    ASSERT_EQ(env_->Kubectl({"create", "namespace", "widgets"}).exit_code, 0);
    auto widget = env_->Kubectl({"create", "-f", "-"},
                                R"({"apiVersion":"example.com/v1","kind":"Widget",
                                    "metadata":{"name":"w1","namespace":"widgets"},"spec":{"size":3}})");
    ASSERT_EQ(widget.exit_code, 0) << widget.err;
    env_->StartServer();
  }
  static void TearDownTestSuite() {
    delete env_;
    env_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static void Backup(const std::string& name, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"backup", "create", name, "--include-namespaces",
                                     "ver",    "--wait"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = env_->Ark(args);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err << env_->server().Stdout();
  }
  static std::string Tarball(const std::string& backup) {
    return env_->store_path() + "/ark/" + backup + "/" + backup + ".tar.gz";
  }

  static ArkEnv* env_;
};
ArkEnv* VerifyTest::env_ = nullptr;

TEST_F(VerifyTest, CleanBackupPasses) {
  Backup("ver-clean");
  auto r = env_->Ark({"backup", "verify", "ver-clean"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err << env_->server().Stdout();
  EXPECT_NE(r.out.find("Backup \"ver-clean\": verification Passed (0 problems)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Manifest:  yes\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Checks:\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Problems:  <none>\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("Backup verification request \"ver-clean-"), std::string::npos) << r.err;

  // -o json prints the finished request, readable by the API types' field names.
  auto j = env_->Ark({"backup", "verify", "ver-clean", "--deep", "-o", "json"});
  ASSERT_EQ(j.exit_code, 0) << j.out << j.err;
  json request = json::parse(j.out, nullptr, false);
  ASSERT_TRUE(request.is_object()) << j.out;
  EXPECT_EQ(request["kind"], "BackupVerification");
  EXPECT_EQ(request["spec"]["deep"], true);
  EXPECT_EQ(request["status"]["phase"], "Completed");
  EXPECT_EQ(request["status"]["result"], "Passed");
  EXPECT_EQ(request["status"]["hasManifest"], true);
  EXPECT_GT(request["status"]["entries"].get<int64_t>(), 0);
}

TEST_F(VerifyTest, FlippedByteInTheTarballFails) {
  Backup("ver-flip");
  const std::string path = Tarball("ver-flip");
  std::string bytes = ReadFile(path);
  ASSERT_GT(bytes.size(), 100u);
  bytes[bytes.size() / 2] ^= 0x01;
  WriteFile(path, bytes);
  auto r = env_->Ark({"backup", "verify", "ver-flip"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("Backup \"ver-flip\": verification Failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Problems:\n  contents"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("backup \"ver-flip\" failed verification"), std::string::npos) << r.err;
}

TEST_F(VerifyTest, TruncatedTarballFails) {
  Backup("ver-cut");
  const std::string path = Tarball("ver-cut");
  const auto size = std::filesystem::file_size(path);
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(size / 2)), 0);
  auto r = env_->Ark({"backup", "verify", "ver-cut"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("Problems:\n  contents"), std::string::npos) << r.out;
}

TEST_F(VerifyTest, AgainstAClusterWithoutTheBackupsCrdWouldFail) {
  // Namespaced objects only: the CRD itself is not in the backup.
  auto backup = env_->Ark({"backup", "create", "ver-crd", "--include-namespaces", "widgets",
                           "--include-cluster-resources=false", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  auto before = env_->Ark({"backup", "verify", "ver-crd", "--against-cluster"});
  EXPECT_EQ(before.exit_code, 0) << before.out << before.err;
  EXPECT_NE(before.out.find("fail 0\n"), std::string::npos) << before.out;

  ASSERT_EQ(env_->Kubectl({"delete", "crd", "widgets.example.com"}).exit_code, 0);
  ASSERT_TRUE(PollUntil([&] {
    return env_->Kubectl({"get", "crd", "widgets.example.com"}).exit_code != 0;
  }));
  auto r = env_->Ark({"backup", "verify", "ver-crd", "--against-cluster"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("Restore into this cluster (dry run):  would create "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("fail 1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  cluster:widgets.example.com:\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("does not serve resource \"widgets.example.com\""), std::string::npos)
      << r.out;
}

TEST_F(VerifyTest, ScheduleWithVerifyRecordsTheResultAndCountsIt) {
  auto created = env_->Ark({"schedule", "create", "verified", "--schedule", "@every 1h",
                            "--include-namespaces", "ver", "--verify"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  json schedule = env_->Get("schedules.ark.heptio.com", "verified", "heptio-ark");
  ASSERT_TRUE(schedule.is_object());
  EXPECT_EQ(schedule["spec"]["template"]["verify"], true);

  // The schedule's first backup runs at once and is verified once it completes.
  std::string backup;
  ASSERT_TRUE(PollUntil([&] {
    auto r = env_->Kubectl({"get", "backups.ark.heptio.com", "-n", "heptio-ark", "-l",
                            "ark-schedule=verified", "-o", "json"});
    json list = json::parse(r.out, nullptr, false);
    if (!list.is_object() || list["items"].empty()) return false;
    const json& b = list["items"][0];
    backup = b["metadata"]["name"];
    return b["status"].contains("verification");
  })) << env_->server().Stdout();
  json b = env_->Get("backups.ark.heptio.com", backup, "heptio-ark");
  EXPECT_EQ(b["spec"]["verify"], true);
  EXPECT_EQ(b["status"]["phase"], "Completed");
  EXPECT_EQ(b["status"]["verification"]["result"], "Passed");
  EXPECT_EQ(b["status"]["verification"]["problemCount"], 0);

  auto describe = env_->Ark({"backup", "describe", backup});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("Verification:  Passed ("), std::string::npos) << describe.out;
  // `backup get` is as it was: no verification column.
  auto get = env_->Ark({"backup", "get", backup});
  EXPECT_EQ(get.out.find("Passed"), std::string::npos) << get.out;

  std::string line =
      env_->server().WaitForOutput("Metrics server listening", std::chrono::seconds(1));
  auto at = line.find("address=");
  ASSERT_NE(at, std::string::npos) << line;
  std::string address = line.substr(at + 8);
  address = address.substr(0, address.find_first_of(" \n"));
  auto metrics = ark::testing::Run({"curl", "-sf", "http://" + address + "/metrics"});
  ASSERT_EQ(metrics.exit_code, 0) << metrics.err;
  const std::string prefix = "ark_backup_verification_total{result=\"passed\"} ";
  auto pos = metrics.out.find(prefix);
  ASSERT_NE(pos, std::string::npos) << metrics.out;
  EXPECT_GE(std::stoi(metrics.out.substr(pos + prefix.size())), 1) << metrics.out;
  EXPECT_EQ(env_->Ark({"schedule", "delete", "verified", "--confirm"}).exit_code, 0);
}

TEST_F(VerifyTest, RequestCreatedWhileTheServerIsDownIsDoneAtStart) {
  Backup("ver-down");
  env_->server().Stop(SIGTERM);
  auto created = env_->Kubectl({"create", "-f", "-"},
                               R"({"apiVersion":"ark.heptio.com/v1","kind":"BackupVerification",
                                   "metadata":{"name":"ver-down-check","namespace":"heptio-ark"},
                                   "spec":{"backupName":"ver-down"}})");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  env_->StartServer();
  json request;
  ASSERT_TRUE(PollUntil([&] {
    request = env_->Get("backupverifications.ark.heptio.com", "ver-down-check", "heptio-ark");
    return request.is_object() && request["status"].value("phase", "") == "Completed";
  })) << request.dump()
      << env_->server().Stdout();
  EXPECT_EQ(request["status"]["result"], "Passed");
  EXPECT_EQ(request["status"]["problemCount"], 0);
  EXPECT_TRUE(request["status"].contains("completionTimestamp"));
}

TEST_F(VerifyTest, UnknownBackupAndBadFlagsAreClearErrors) {
  auto unknown = env_->Ark({"backup", "verify", "no-such-backup"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("backup \"no-such-backup\" not found"), std::string::npos)
      << unknown.err;
  // Nothing was asked of the server.
  auto left = env_->Kubectl({"get", "backupverifications.ark.heptio.com", "-n", "heptio-ark", "-l",
                             "ark.heptio.com/backup-name=no-such-backup", "-o", "name"});
  EXPECT_EQ(left.out, "");

  auto no_name = env_->Ark({"backup", "verify"});
  EXPECT_EQ(no_name.exit_code, 2);
  EXPECT_NE(no_name.err.find("NAME is required"), std::string::npos) << no_name.err;
  auto bad_timeout = env_->Ark({"backup", "verify", "x", "--timeout", "soon"});
  EXPECT_EQ(bad_timeout.exit_code, 2);
  EXPECT_NE(bad_timeout.err.find("invalid --timeout \"soon\""), std::string::npos)
      << bad_timeout.err;
  auto bad_output = env_->Ark({"backup", "verify", "x", "-o", "table"});
  EXPECT_EQ(bad_output.exit_code, 2);
  EXPECT_NE(bad_output.err.find("invalid --output \"table\""), std::string::npos) << bad_output.err;
}

}  // namespace
}  // namespace ark::testing
