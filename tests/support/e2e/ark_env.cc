#include "support/e2e/ark_env.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace ark::testing {

using nlohmann::json;

std::string ArkBinary() { return std::string(ARK_BINARY_DIR) + "/ark"; }
std::string SourcePath(const std::string& relative) {
  return std::string(ARK_SOURCE_DIR) + "/" + relative;
}

std::string FillIn(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "\"" << from << "\" is not in the example";
  for (; at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

bool PollUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::unique_ptr<ArkEnv> ArkEnv::Start(const ArkEnvOptions& options) {
  std::unique_ptr<ArkEnv> env(new ArkEnv());
  env->options_ = options;
  env->dir_ = std::make_unique<TempDir>();
  env->store_path_ = options.store_path.empty() ? env->dir_->File("store") : options.store_path;
  // The local store's path must exist, as an administrator makes it before pointing ark at it.
  std::error_code made;
  std::filesystem::create_directories(env->store_path_, made);
  EXPECT_FALSE(made) << env->store_path_ << ": " << made.message();
  env->cluster_ = options.cluster != nullptr ? options.cluster : TestCluster::Start();
  if (env->cluster_ == nullptr) return nullptr;

  auto prereqs = env->Kubectl({"apply", "-f", SourcePath("examples/common/00-prereqs.yaml")});
  EXPECT_EQ(prereqs.exit_code, 0) << prereqs.err;
  auto applied = env->Kubectl({"apply", "-f", "-"}, options.config_yaml.empty()
                                                        ? LocalConfig(options, env->store_path_)
                                                        : options.config_yaml);
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  if (prereqs.exit_code != 0 || applied.exit_code != 0) return nullptr;
  if (options.start_server) env->StartServer();
  if (options.start_server && env->server_ == nullptr) return nullptr;
  return env;
}

std::string LocalConfig(const ArkEnvOptions& options, const std::string& store_path) {
  std::string config = ReadFile(SourcePath("examples/local/00-ark-config.yaml"));
  auto at = config.find("/var/lib/ark/backups");
  EXPECT_NE(at, std::string::npos) << "examples/local/00-ark-config.yaml changed its path";
  if (at != std::string::npos) config.replace(at, strlen("/var/lib/ark/backups"), store_path);
  if (options.restore_only) {
    auto ro = config.find("restoreOnlyMode: false");
    EXPECT_NE(ro, std::string::npos);
    if (ro != std::string::npos)
      config.replace(ro, strlen("restoreOnlyMode: false"), "restoreOnlyMode: true");
  }
  return config;
}

void ArkEnv::StartServer(const std::vector<std::string>& extra_args) {
  // stderr joins stdout so the readiness line can be awaited.
  std::string cmd = "exec '" + ArkBinary() + "' --kubeconfig '" + kubeconfig() +
                    "' server --metrics-address 127.0.0.1:0 --config-poll-ms 200"
                    " --backup-sync-period " +
                    options_.backup_sync_period + " --gc-sync-period 1s --schedule-sync-period 1s";
  for (const auto& a : options_.server_args) cmd += " '" + a + "'";
  for (const auto& a : extra_args) cmd += " '" + a + "'";
  cmd += " 2>&1";
  server_ = BackgroundProcess::Start({"sh", "-c", cmd}, options_.env);
  if (server_->WaitForOutput("Server started", std::chrono::seconds(60)).empty()) {
    ADD_FAILURE() << "ark server did not start:\n" << server_->Stdout();
    server_.reset();
  }
}

ArkEnv::~ArkEnv() {
  if (server_) server_->Stop(SIGTERM);
}

RunResult ArkEnv::Ark(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> argv = {ArkBinary(), "--kubeconfig", kubeconfig()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, input, options_.env, std::chrono::seconds(120));
}

RunResult ArkEnv::Kubectl(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> argv = {"kubectl", "--kubeconfig", kubeconfig()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, input, {}, std::chrono::seconds(60));
}

json ArkEnv::Get(const std::string& kind, const std::string& name, const std::string& ns) {
  auto r = Kubectl({"get", kind, name, "-n", ns, "-o", "json"});
  if (r.exit_code != 0) return nullptr;
  return json::parse(r.out, nullptr, false);
}

std::string ArkEnv::Phase(const std::string& kind, const std::string& name) {
  json o = Get(kind + ".ark.heptio.com", name, "heptio-ark");
  if (!o.is_object()) return "";
  return o.value("status", json::object()).value("phase", "");
}

}  // namespace ark::testing
