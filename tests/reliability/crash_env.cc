#include "reliability/crash_env.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "archive/tarball_reader.h"
#include "kube/rest_config.h"
#include "util/byte_stream.h"

namespace ark::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const kube::GroupVersionResource kNamespaces{"", "v1", "namespaces"};
const kube::GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
constexpr const char* kArkNamespace = "heptio-ark";

kube::GroupVersionResource ArkResource(const std::string& resource) {
  return {"ark.heptio.com", "v1", resource};
}

// `bytes` characters of a 64-letter alphabet drawn from a generator seeded with `seed`: about
// 6 bits of entropy a character, so gzip keeps ~3/4 of them.
std::string RandomPayload(uint64_t seed, int bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::mt19937_64 gen(seed);
  std::string out(static_cast<size_t>(bytes), ' ');
  uint64_t bits = 0;
  for (size_t i = 0; i < out.size(); ++i, bits >>= 6) {
    if (i % 10 == 0) bits = gen();  // 10 letters of 6 bits from each draw
    out[i] = kAlphabet[bits & 63];
  }
  return out;
}

json CorpusObject(const std::string& ns, const std::string& name, const std::string& payload) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", ns}, {"labels", {{"crash", "corpus"}}}}},
          {"data", {{"payload", payload}}}};
}

bool Final(const std::string& phase) {
  return !phase.empty() && phase != "New" && phase != "InProgress";
}

}  // namespace

std::unique_ptr<CrashEnv> CrashEnv::Start(const CrashEnvOptions& options) {
  std::unique_ptr<CrashEnv> env(new CrashEnv());
  for (int i = 0; i < options.objects; ++i) {
    env->corpus_["cm-" + std::to_string(i)] =
        RandomPayload(static_cast<uint64_t>(i), options.payload_bytes);
  }
  TestClusterOptions cluster_options;
  const bool kubesim = TestCluster::SelectedKind() == ClusterKind::kKubesim;
  if (kubesim) {
    env->data_dir_ = std::make_unique<TempDir>();
    env->WriteKubesimState(env->data_dir_->path(), options.corpus_namespace);
    cluster_options.kubesim_args = {"--data-dir", env->data_dir_->path()};
  }
  std::shared_ptr<TestCluster> cluster = TestCluster::Start(cluster_options);
  if (cluster == nullptr) return nullptr;

  env->work_dir_ = std::make_unique<TempDir>();
  ArkEnvOptions ark_options;
  ark_options.cluster = cluster;
  ark_options.server_args = {"--temp-dir", env->work_dir()};
  ark_options.server_args.insert(ark_options.server_args.end(), options.server_args.begin(),
                                 options.server_args.end());
  ark_options.env = {{"TMPDIR", env->work_dir()}};
  env->ark_ = ArkEnv::Start(ark_options);
  if (env->ark_ == nullptr) return nullptr;
  kube::LoadOptions load;
  load.kubeconfig = env->ark_->kubeconfig();
  load.getenv = [](std::string_view) { return std::optional<std::string>(); };
  auto config = kube::LoadRestConfig(load);
  if (!config.ok()) {
    ADD_FAILURE() << config.status().ToString();
    return nullptr;
  }
  auto client = kube::NewDynamicClient(*config);
  if (!client.ok()) {
    ADD_FAILURE() << client.status().ToString();
    return nullptr;
  }
  env->client_ = std::move(*client);
  if (!kubesim) {
    Status created = env->CreateCorpus(options.corpus_namespace);
    if (!created.ok()) {
      ADD_FAILURE() << "creating the corpus: " << created.ToString();
      return nullptr;
    }
  }
  return env;
}

void CrashEnv::WriteKubesimState(const std::string& data_dir, const std::string& ns) {
  // One {"key": "<group>/<resource>", "object": {...}} line per object, stored as kubesim
  // stores what it creates (uid, resourceVersion, creationTimestamp).
  std::string state;
  int64_t rv = 100;
  auto add = [&](const std::string& key, json object) {
    json& meta = object["metadata"];
    meta["uid"] = "00000000-0000-4000-8000-" + std::to_string(100000000000 + rv);
    meta["resourceVersion"] = std::to_string(rv++);
    meta["creationTimestamp"] = "2026-01-01T00:00:00Z";
    state += json({{"key", key}, {"object", std::move(object)}}).dump() + "\n";
  };
  add("/namespaces",
      {{"apiVersion", "v1"},
       {"kind", "Namespace"},
       {"metadata", {{"name", ns}, {"labels", {{"kubernetes.io/metadata.name", ns}}}}},
       {"spec", {{"finalizers", {"kubernetes"}}}},
       {"status", {{"phase", "Active"}}}});
  for (const auto& [name, payload] : corpus_) add("/configmaps", CorpusObject(ns, name, payload));
  WriteFile(data_dir + "/state.jsonl", state);
}

Status CrashEnv::CreateCorpus(const std::string& ns) {
  json namespace_object = {
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}};
  if (auto created = client_->Create(kNamespaces, "", namespace_object); !created.ok()) {
    return created.status();
  }
  std::vector<const std::pair<const std::string, std::string>*> items;
  for (const auto& item : corpus_) items.push_back(&item);
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status first_error;  // guarded by mu
  auto worker = [&] {
    for (size_t i = next++; i < items.size(); i = next++) {
      json cm = CorpusObject(ns, items[i]->first, items[i]->second);
      Status st = client_->CreateWithoutResult(kConfigMaps, ns, cm);
      if (!st.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) first_error = st;
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  return first_error;
}

std::map<std::string, std::string> CrashEnv::CorpusInCluster(const std::string& ns) {
  std::map<std::string, std::string> found;
  kube::ListOptions options;
  options.label_selector = kCorpusLabel;
  Status st = client_->List(kConfigMaps, ns, options, [&](kube::ListPage& page) {
    for (const json& cm : page.items) {
      found[cm["metadata"].value("name", "")] =
          cm.value("data", json::object()).value("payload", "");
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok() || st.code() == Code::kNotFound) << st.ToString();
  return found;
}

Status CrashEnv::DeleteNamespace(const std::string& ns) {
  Status st = client_->Delete(kNamespaces, "", ns);
  if (!st.ok()) return st;
  bool gone = PollUntil(
      [&] { return client_->Get(kNamespaces, "", ns).status().code() == Code::kNotFound; });
  return gone ? Status::Ok() : DeadlineExceeded("namespace " + ns + " is still there");
}

json CrashEnv::Get(const std::string& resource, const std::string& name) {
  auto got = client_->Get(ArkResource(resource), kArkNamespace, name);
  return got.ok() ? *got : json();
}

std::string CrashEnv::Phase(const std::string& resource, const std::string& name) {
  json object = Get(resource, name);
  if (!object.is_object()) return "";
  return object.value("status", json::object()).value("phase", "");
}

std::map<std::string, std::string> CrashEnv::Unfinished(const std::string& resource) {
  std::map<std::string, std::string> unfinished;
  Status st = client_->List(ArkResource(resource), kArkNamespace, {}, [&](kube::ListPage& page) {
    for (const json& item : page.items) {
      std::string phase = item.value("status", json::object()).value("phase", "");
      if (!Final(phase)) unfinished[item["metadata"].value("name", "")] = phase;
    }
    return Status::Ok();
  });
  if (!st.ok()) unfinished["(list failed: " + st.ToString() + ")"] = "";
  return unfinished;
}

bool CrashEnv::WaitAllFinal() {
  return PollUntil([&] { return Unfinished("backups").empty() && Unfinished("restores").empty(); });
}

Status CrashEnv::CreateBackup(const std::string& name, const std::string& ns) {
  RunResult r = ark_->Ark({"backup", "create", name, "--include-namespaces", ns});
  if (r.exit_code != 0) return Internal("ark backup create " + name + ": " + r.out + r.err);
  return Status::Ok();
}

Status CrashEnv::CreateRestore(const std::string& name, const std::string& backup) {
  RunResult r = ark_->Ark({"restore", "create", name, "--from-backup", backup});
  if (r.exit_code != 0) return Internal("ark restore create " + name + ": " + r.out + r.err);
  return Status::Ok();
}

std::vector<std::string> CrashEnv::StoreFiles(const std::string& backup) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(ark_->store_path() + "/ark/" + backup, ec)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> CrashEnv::PartialUploads() {
  std::vector<std::string> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(ark_->store_path(), ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().filename().string().starts_with(".ark-tmp-")) paths.push_back(it->path());
  }
  return paths;
}

void CrashEnv::AgePartialUploads(int hours) {
  for (const std::string& path : PartialUploads()) {
    struct timespec times[2];
    clock_gettime(CLOCK_REALTIME, &times[0]);
    times[0].tv_sec -= hours * 3600;
    times[1] = times[0];
    EXPECT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
  }
}

std::vector<std::string> CrashEnv::WorkFolders() {
  std::vector<std::string> paths = {work_dir()};
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(work_dir(), ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) paths.push_back(it->path());
  }
  return paths;
}

std::vector<std::string> CrashEnv::StagedFiles(const std::string& prefix) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(work_dir(), ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == ".lock" || !it->is_regular_file(ec)) continue;
    if (name.starts_with(prefix)) paths.push_back(it->path());
  }
  return paths;
}

void CrashEnv::KillServer() { ark_->server().Stop(SIGKILL); }

Result<std::vector<std::string>> TarballPaths(const std::string& path) {
  ARK_ASSIGN_OR_RETURN(auto source, OpenFileSource(path));
  ARK_ASSIGN_OR_RETURN(auto reader, archive::NewTarballReader(*source));
  std::vector<std::string> paths;
  for (;;) {
    ARK_ASSIGN_OR_RETURN(auto entry, reader->Next());
    if (!entry) return paths;
    paths.push_back(entry->path);
  }
}

int64_t FileSize(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : -1;
}

}  // namespace ark::testing
