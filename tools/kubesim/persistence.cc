#include "kubesim/persistence.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "kubesim/kind_rules.h"

namespace ark::kubesim {

using nlohmann::json;

Persistence::Persistence(Objects& objects, std::string dir, std::chrono::milliseconds interval)
    : objects_(objects), dir_(std::move(dir)), interval_(interval) {}

Persistence::~Persistence() {
  {
    std::lock_guard lock(stop_mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status Persistence::Load() {
  std::ifstream in(Path());
  if (!in) return Status::Ok();  // first start
  std::string line;
  int n = 0;
  std::vector<json> crds;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    json rec = json::parse(line, nullptr, false);
    if (rec.is_discarded() || !rec.contains("key") || !rec["key"].is_string() ||
        !rec.contains("object") || !rec["object"].is_object()) {
      return DataLoss(Path() + ":" + std::to_string(n) + ": not a kubesim state record");
    }
    std::string key = rec["key"];
    if (key == "apiextensions.k8s.io/customresourcedefinitions") crds.push_back(rec["object"]);
    ARK_RETURN_IF_ERROR(objects_.store().Load(key, std::move(rec["object"])));
  }
  ResourceInfo crd_info =
      *objects_.registry().Find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
  for (const json& crd : crds) AfterWrite(objects_, crd_info, crd);
  std::lock_guard lock(mu_);
  saved_rv_ = objects_.store().CurrentRv();
  return Status::Ok();
}

Status Persistence::Save() {
  std::lock_guard lock(mu_);
  uint64_t rv = objects_.store().CurrentRv();
  mkdir(dir_.c_str(), 0755);
  std::string tmp = Path() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return Internal("cannot write " + tmp);
    // Collect under the store's read lock, write without it: writers are not held up.
    std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> all;
    objects_.store().ForEach(
        [&](const std::string& key, const Store::Entry& e) { all.emplace_back(key, e.full); });
    for (const auto& [key, full] : all) {
      out << "{\"key\":" << json(key).dump() << ",\"object\":" << *full << "}\n";
    }
    out.flush();
    if (!out.good()) return Internal("writing " + tmp + " failed");
  }
  if (std::rename(tmp.c_str(), Path().c_str()) != 0) {
    return Internal("renaming " + tmp + " to " + Path() + " failed");
  }
  saved_rv_ = rv;
  return Status::Ok();
}

void Persistence::StartBackground() {
  thread_ = std::thread([this] {
    std::unique_lock lock(stop_mu_);
    while (!stop_) {
      cv_.wait_for(lock, interval_, [this] { return stop_; });
      if (stop_) break;
      lock.unlock();
      bool dirty;
      {
        std::lock_guard l(mu_);
        dirty = objects_.store().CurrentRv() != saved_rv_;
      }
      if (dirty) (void)Save();
      lock.lock();
    }
  });
}

}  // namespace ark::kubesim
