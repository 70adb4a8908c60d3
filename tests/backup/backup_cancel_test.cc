// A backup whose cancel token is set while it runs stops listing and reports Cancelled, so
// the caller never uploads its partial tarball as a finished backup.
#include <gtest/gtest.h>

#include <atomic>

#include "backup/backup_engine.h"
#include "backup/test_env.h"
#include "support/forwarding_client.h"
#include "util/cancel.h"

namespace ark::testing {
namespace {

// Cancels `token` when the first LIST of `resource` starts; counts the LISTs after that.
class CancelOnList final : public ForwardingClient {
 public:
  CancelOnList(kube::DynamicClient& real, CancelToken& token, std::string resource)
      : ForwardingClient(real), token_(token), resource_(std::move(resource)) {}

  Status ListRaw(const kube::GroupVersionResource& gvr, std::string_view ns,
                 const kube::ListOptions& options,
                 const std::function<Status(kube::RawListPage&)>& on_page) override {
    if (token_.cancelled()) ++lists_after_cancel;
    if (gvr.resource == resource_) token_.Cancel("the server was stopped");
    return real_.ListRaw(gvr, ns, options, on_page);
  }

  std::atomic<int> lists_after_cancel{0};

 private:
  CancelToken& token_;
  const std::string resource_;
};

TEST(BackupCancelTest, ACancelledBackupStopsAndIsNotAResult) {
  auto env = BackupTestEnv::Start();
  ASSERT_NE(env, nullptr);
  CancelToken token;
  CancelOnList client(env->client(), token, "configmaps");
  backup::BackupOptions options;
  options.workers = 1;  // one task at a time: nothing is listed once the token is seen
  options.cancel = &token;
  backup::BackupEngine engine(client, env->discovery(), nullptr, nullptr, options);
  TestBackup run = RunBackup(engine, "{}");
  ASSERT_FALSE(run.outcome.ok());
  EXPECT_EQ(run.outcome.status().code(), Code::kCancelled);
  EXPECT_EQ(run.outcome.status().message(), "the server was stopped");
  EXPECT_EQ(client.lists_after_cancel.load(), 0);
  bool said = false;
  for (const std::string& line : run.log_lines) {
    said = said || line.find("Backup stopped before it finished") != std::string::npos;
  }
  EXPECT_TRUE(said);
}

TEST(BackupCancelTest, AnUncancelledTokenChangesNothing) {
  auto env = BackupTestEnv::Start();
  ASSERT_NE(env, nullptr);
  CancelToken token;
  backup::BackupOptions options;
  options.cancel = &token;
  backup::BackupEngine engine(env->client(), env->discovery(), nullptr, nullptr, options);
  TestBackup run = RunBackup(engine, R"({"includedNamespaces":["nginx-example"]})");
  ASSERT_TRUE(run.outcome.ok()) << run.outcome.status().ToString();
  EXPECT_EQ(run.outcome->phase, backup::BackupPhase::kCompleted);
  EXPECT_GT(run.outcome->items_backed_up, 5);
}

}  // namespace
}  // namespace ark::testing
