#include "backup/test_env.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "api/backup.h"
#include "archive/tarball_reader.h"
#include "backup/request_from_backup.h"
#include "backup/workload.h"
#include "util/byte_stream.h"

namespace ark::testing {

std::unique_ptr<BackupTestEnv> BackupTestEnv::Start(std::vector<std::string> kubesim_args) {
  auto env = std::unique_ptr<BackupTestEnv>(new BackupTestEnv());
  env->server_ = Kubesim::Start({.extra_args = std::move(kubesim_args)});
  if (env->server_ == nullptr) return nullptr;
  kube::LoadOptions load;
  load.kubeconfig = env->server_->kubeconfig();
  auto config = kube::LoadRestConfig(load);
  if (!config.ok()) {
    ADD_FAILURE() << config.status().ToString();
    return nullptr;
  }
  env->config_ = *config;
  auto client = kube::NewDynamicClient(env->config_);
  auto discovery = kube::NewDiscovery(env->config_);
  if (!client.ok() || !discovery.ok()) {
    ADD_FAILURE() << client.status().ToString() << " " << discovery.status().ToString();
    return nullptr;
  }
  env->client_ = std::move(*client);
  env->discovery_ = std::move(*discovery);
  Status created = CreateWorkload(*env->client_, *env->discovery_);
  if (!created.ok()) {
    ADD_FAILURE() << created.ToString() << "\nkubesim stderr:\n"
                  << env->server_->process().Stderr();
    return nullptr;
  }
  return env;
}

std::vector<std::string> TestBackup::Sorted() const {
  std::vector<std::string> out = entries;
  std::sort(out.begin(), out.end());
  return out;
}

TestBackup RunBackup(backup::BackupEngine& engine, const std::string& spec_json,
                     const backup::ProgressFn& progress) {
  TestBackup run;
  nlohmann::json backup = {{"apiVersion", "ark.heptio.com/v1"},
                           {"kind", "Backup"},
                           {"metadata", {{"name", "b"}, {"namespace", "heptio-ark"}}},
                           {"spec", nlohmann::json::parse(spec_json)}};
  auto parsed = api::Backup::FromJson(backup);
  if (!parsed.ok()) {
    run.outcome = parsed.status();
    return run;
  }
  auto request = backup::RequestFromBackup(*parsed);
  if (!request.ok()) {
    run.outcome = request.status();
    return run;
  }
  StringSink sink;
  auto tar = archive::NewTarballWriter(sink);
  if (!tar.ok()) {
    run.outcome = tar.status();
    return run;
  }
  MemorySink log_sink;
  Logger log(log_sink, LogLevel::kDebug);
  run.outcome = engine.Run(*request, **tar, log, progress);
  Status closed = (*tar)->Close();
  EXPECT_TRUE(closed.ok()) << closed.ToString();
  run.log_lines = log_sink.Lines();
  StringSource source(sink.Take());
  auto reader = archive::NewTarballReader(source);
  if (!reader.ok()) {
    ADD_FAILURE() << reader.status().ToString();
    return run;
  }
  for (;;) {
    auto entry = (*reader)->Next();
    if (!entry.ok()) {
      ADD_FAILURE() << entry.status().ToString();
      break;
    }
    if (!entry->has_value()) break;
    run.entries.push_back((*entry)->path);
    run.contents[(*entry)->path] = (*entry)->content;
  }
  return run;
}

}  // namespace ark::testing
