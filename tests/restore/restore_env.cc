#include "restore_env.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "archive/tar_paths.h"
#include "archive/tarball_writer.h"
#include "kube/rest_config.h"
#include "util/byte_stream.h"
#include "util/json_access.h"

namespace ark::restore::testing {

std::string WriteBackupTarball(const std::vector<BackupItem>& items) {
  StringSink sink;
  auto writer = archive::NewTarballWriter(sink);
  EXPECT_TRUE(writer.ok());
  for (const BackupItem& item : items) {
    const Json& meta = Obj(item.object, "metadata");
    const std::string path =
        archive::ItemPath(item.group_resource, Str(meta, "namespace"),
                          item.path_name.empty() ? Str(meta, "name") : item.path_name);
    Status s = (*writer)->Add(path, item.object.dump());
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  EXPECT_TRUE((*writer)->Close().ok());
  return sink.Take();
}

std::unique_ptr<Cluster> Cluster::Start() {
  std::unique_ptr<Cluster> c(new Cluster());
  c->sim_ = ark::testing::Kubesim::Start();
  if (!c->sim_) return nullptr;
  kube::LoadOptions load;
  load.kubeconfig = c->sim_->kubeconfig();
  load.getenv = [](std::string_view) { return std::optional<std::string>(); };
  Result<kube::RestConfig> config = kube::LoadRestConfig(load);
  if (!config.ok()) {
    ADD_FAILURE() << "kubeconfig: " << config.status().ToString();
    return nullptr;
  }
  auto client = kube::NewDynamicClient(*config);
  auto discovery = kube::NewDiscovery(*config);
  if (!client.ok() || !discovery.ok()) {
    ADD_FAILURE() << "kube clients: " << client.status().ToString() << " "
                  << discovery.status().ToString();
    return nullptr;
  }
  c->client_ = std::move(*client);
  c->discovery_ = std::move(*discovery);
  return c;
}

kube::GroupVersionResource Cluster::Gvr(const std::string& gr) {
  discovery_->Invalidate();
  auto resources = discovery_->PreferredResources();
  EXPECT_TRUE(resources.ok()) << resources.status().ToString();
  if (resources.ok()) {
    for (const kube::ApiResource& r : *resources) {
      if (r.GroupResource() == gr) return r.Gvr();
    }
  }
  ADD_FAILURE() << "kubesim does not serve " << gr;
  return {};
}

Json Cluster::Get(const std::string& gr, const std::string& ns, const std::string& name) {
  Result<Json> got = client_->Get(Gvr(gr), ns, name);
  if (!got.ok()) {
    EXPECT_EQ(got.status().code(), Code::kNotFound) << got.status().ToString();
    return nullptr;
  }
  return *got;
}

Json Cluster::Create(const std::string& gr, const Json& backed_up) {
  Json object = backed_up;
  for (const char* key : {"uid", "resourceVersion", "creationTimestamp"}) {
    object["metadata"].erase(key);
  }
  object.erase("status");
  Result<Json> created =
      client_->Create(Gvr(gr), object["metadata"].value("namespace", ""), object);
  EXPECT_TRUE(created.ok()) << gr << ": " << created.status().ToString();
  return created.ok() ? *created : Json(nullptr);
}

std::vector<std::string> Cluster::Names(const std::string& gr, const std::string& ns) {
  std::vector<std::string> names;
  Status s = client_->List(Gvr(gr), ns, {}, [&](kube::ListPage& page) {
    for (const Json& item : page.items) {
      std::string name = item["metadata"].value("name", "");
      const std::string item_ns = item["metadata"].value("namespace", "");
      names.push_back(ns.empty() && !item_ns.empty() ? item_ns + "/" + name : name);
    }
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::sort(names.begin(), names.end());
  return names;
}

EngineHarness::EngineHarness(Cluster& cluster, cloud::BlockStore* block_store,
                             EngineOptions options)
    : log(log_sink, LogLevel::kDebug, clock) {
  options.clock = &clock;
  engine = std::make_unique<RestoreEngine>(cluster.client(), cluster.discovery(), block_store,
                                           std::move(options));
}

Result<RestoreOutcome> EngineHarness::Run(const RestoreRequest& request, const std::string& tarball,
                                          const BackupInfo& backup) {
  StringSource source(tarball);
  return engine->Run(request, source, backup, log,
                     [this](const RestoreProgress& p) { progress.push_back(p); });
}

}  // namespace ark::restore::testing
