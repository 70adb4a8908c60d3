#include "corpus/corpus_loader.h"

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ark::bench {

Result<kube::GroupVersionResource> CorpusResource(const kube::Json& object) {
  const std::string api_version = object.value("apiVersion", "");
  const std::string kind = object.value("kind", "");
  if (api_version == "v1") {
    if (kind == "Pod") return kube::GroupVersionResource{"", "v1", "pods"};
    if (kind == "ConfigMap") return kube::GroupVersionResource{"", "v1", "configmaps"};
    if (kind == "Secret") return kube::GroupVersionResource{"", "v1", "secrets"};
    if (kind == "Service") return kube::GroupVersionResource{"", "v1", "services"};
    if (kind == "Namespace") return kube::GroupVersionResource{"", "v1", "namespaces"};
    if (kind == "ServiceAccount") return kube::GroupVersionResource{"", "v1", "serviceaccounts"};
  } else if (api_version == "apps/v1" && kind == "Deployment") {
    return kube::GroupVersionResource{"apps", "v1", "deployments"};
  }
  return InvalidArgument("corpus object of unknown kind " + api_version + "/" + kind);
}

namespace {

// The object whose `spec` is a pod spec: a Pod itself, or a Deployment's pod template.
const kube::Json* PodSpecHolder(const kube::Json& object) {
  const std::string kind = object.value("kind", "");
  if (kind == "Pod") return &object;
  if (kind != "Deployment") return nullptr;
  auto spec = object.find("spec");
  if (spec == object.end() || !spec->is_object()) return nullptr;
  auto pod_template = spec->find("template");
  if (pod_template == spec->end() || !pod_template->is_object()) return nullptr;
  return &*pod_template;
}

}  // namespace

std::string CorpusServiceAccount(const kube::Json& object) {
  const kube::Json* holder = PodSpecHolder(object);
  if (holder == nullptr) return "";
  auto pod_spec = holder->find("spec");
  if (pod_spec == holder->end() || !pod_spec->is_object()) return "";
  auto account = pod_spec->find("serviceAccountName");
  if (account == pod_spec->end() || !account->is_string()) return "";
  const std::string name = account->get<std::string>();
  return name == "default" ? "" : name;
}

namespace {

// The generator draws service IPs and node ports at random, so two services may share one;
// an API server allocates them uniquely and refuses duplicates. Let it allocate them.
void ClearAllocatedFields(kube::Json& service) {
  auto spec = service.find("spec");
  if (spec == service.end() || !spec->is_object()) return;
  spec->erase("clusterIP");
  spec->erase("clusterIPs");
  if (auto ports = spec->find("ports"); ports != spec->end() && ports->is_array()) {
    for (kube::Json& port : *ports) port.erase("nodePort");
  }
}

}  // namespace

Status LoadCorpus(kube::DynamicClient& client, const std::string& jsonl_path, int threads,
                  LoadStats* stats) {
  // Pass 1: the namespaces and the service accounts.
  std::set<std::string> namespaces;
  std::set<std::pair<std::string, std::string>> accounts;  // namespace, name
  {
    std::ifstream in(jsonl_path);
    if (!in) return NotFound("corpus " + jsonl_path + ": cannot open");
    std::string line;
    for (int64_t n = 1; std::getline(in, line); ++n) {
      if (line.empty()) continue;
      auto object = kube::Json::parse(line, nullptr, false);
      if (object.is_discarded() || !object.is_object()) {
        return InvalidArgument("corpus " + jsonl_path + " line " + std::to_string(n) +
                               ": not a JSON object");
      }
      const std::string ns = object["metadata"].value("namespace", "");
      namespaces.insert(ns);
      if (std::string account = CorpusServiceAccount(object); !account.empty()) {
        accounts.emplace(ns, std::move(account));
      }
    }
  }
  namespaces.erase("");
  for (const std::string& ns : namespaces) {
    kube::Json object = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}};
    auto created = client.Create({"", "v1", "namespaces"}, "", object);
    if (!created.ok() && created.status().code() != Code::kAlreadyExists) {
      Status s = created.status();
      return s.Annotate("creating namespace " + ns);
    }
    ++stats->namespaces;
  }
  for (const auto& [ns, name] : accounts) {
    // Labelled as the generator's --valid output labels the accounts it emits.
    kube::Json object = {
        {"apiVersion", "v1"},
        {"kind", "ServiceAccount"},
        {"metadata", {{"name", name}, {"namespace", ns}, {"labels", {{"app", name}}}}}};
    auto created = client.Create({"", "v1", "serviceaccounts"}, ns, object);
    if (!created.ok() && created.status().code() != Code::kAlreadyExists) {
      Status s = created.status();
      return s.Annotate("creating service account " + ns + "/" + name);
    }
    ++stats->service_accounts;
  }

  // Pass 2: the objects, read by one thread and created by `threads`.
  std::ifstream in(jsonl_path);
  std::mutex mu;
  int64_t line_no = 0;  // guarded by mu
  Status first_error;   // guarded by mu
  std::atomic<int64_t> created{0}, existed{0}, bytes{0};
  auto worker = [&] {
    std::string line;
    for (;;) {
      int64_t n;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (!first_error.ok() || !std::getline(in, line)) return;
        n = ++line_no;
      }
      if (line.empty()) continue;
      bytes += static_cast<int64_t>(line.size());
      kube::Json object = kube::Json::parse(line, nullptr, false);
      auto gvr = CorpusResource(object);
      Status status = gvr.status();
      if (status.ok()) {
        object["metadata"].erase("resourceVersion");
        if (gvr->resource == "services") ClearAllocatedFields(object);
        const std::string ns = object["metadata"].value("namespace", "");
        auto result = client.Create(*gvr, ns, object);
        if (result.ok())
          ++created;
        else if (result.status().code() == Code::kAlreadyExists)
          ++existed;
        else
          status = result.status();
      }
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) {
          first_error = status;
          first_error.Annotate("corpus " + jsonl_path + " line " + std::to_string(n));
        }
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, threads); ++i) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  stats->objects += created;
  stats->already_existed += existed;
  stats->bytes += bytes;
  return first_error;
}

}  // namespace ark::bench
