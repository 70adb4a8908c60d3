#include "controller/informer.h"

#include <future>

#include "util/json_access.h"

namespace ark::controller {

using nlohmann::json;

std::string ObjectKey(const json& object) {
  const json& meta = Obj(object, "metadata");
  std::string ns = Str(meta, "namespace");
  std::string name = Str(meta, "name");
  return ns.empty() ? name : ns + "/" + name;
}

void SplitKey(const std::string& key, std::string* ns, std::string* name) {
  auto slash = key.find('/');
  if (slash == std::string::npos) {
    ns->clear();
    *name = key;
  } else {
    *ns = key.substr(0, slash);
    *name = key.substr(slash + 1);
  }
}

struct Informer::State {
  kube::DynamicClient& client;
  kube::GroupVersionResource gvr;
  std::string ns;
  Logger log;
  std::vector<Handler> on_change;
  std::vector<Handler> on_delete;

  mutable std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, json> cache;  // guarded by mu
  bool synced = false;                // guarded by mu
  bool stopped = false;               // guarded by mu
  std::promise<void> exited;

  State(kube::DynamicClient& c, kube::GroupVersionResource g, std::string n, Logger l)
      : client(c), gvr(std::move(g)), ns(std::move(n)), log(std::move(l)) {}

  bool Stopped() const {
    std::lock_guard<std::mutex> lock(mu);
    return stopped;
  }
  void Changed(const json& object) {
    for (const auto& h : on_change) h(object);
  }
  void Deleted(const json& object) {
    for (const auto& h : on_delete) h(object);
  }
};

Informer::Informer(kube::DynamicClient& client, kube::GroupVersionResource gvr, std::string ns,
                   Logger log)
    : state_(std::make_shared<State>(client, std::move(gvr), std::move(ns), std::move(log))) {}

Informer::~Informer() { Stop(); }

void Informer::OnChange(Handler handler) { state_->on_change.push_back(std::move(handler)); }
void Informer::OnDelete(Handler handler) { state_->on_delete.push_back(std::move(handler)); }

void Informer::Start() { thread_ = std::thread(&Informer::Loop, state_); }

void Informer::RequestStop() {
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->stopped = true;
  }
  state_->cv.notify_all();
}

void Informer::Stop() { StopBy(std::chrono::steady_clock::now() + std::chrono::seconds(2)); }

void Informer::StopBy(std::chrono::steady_clock::time_point deadline) {
  RequestStop();
  if (!thread_.joinable()) return;
  auto exited = state_->exited.get_future();
  // A watch between events sits in a read on an idle connection; past the deadline it is
  // abandoned. It still refers to the client, which must outlive it.
  if (exited.wait_until(deadline) == std::future_status::ready) {
    thread_.join();
  } else {
    thread_.detach();
  }
}

bool Informer::WaitForSync(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(state_->mu);
  return state_->cv.wait_for(lock, timeout, [&] { return state_->synced; });
}

std::optional<json> Informer::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  auto it = state_->cache.find(key);
  if (it == state_->cache.end()) return std::nullopt;
  return it->second;
}

std::vector<json> Informer::List() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  std::vector<json> out;
  out.reserve(state_->cache.size());
  for (const auto& [key, object] : state_->cache) out.push_back(object);
  return out;
}

void Informer::Loop(std::shared_ptr<State> s) {
  while (!s->Stopped()) {
    std::map<std::string, json> fresh;
    std::string rv;
    Status st = s->client.List(s->gvr, s->ns, kube::ListOptions{}, [&](kube::ListPage& page) {
      for (auto& item : page.items) {
        // The key first: json's operator= takes its argument by
        // value, and C++17 evaluates the right side first, so
        // `fresh[ObjectKey(item)] = std::move(item)` would key
        // the cache by a moved-from object.
        std::string key = ObjectKey(item);
        fresh[std::move(key)] = std::move(item);
      }
      rv = page.resource_version;
      return Status::Ok();
    });
    if (st.ok()) {
      std::vector<json> gone;
      {
        std::lock_guard<std::mutex> lock(s->mu);
        for (auto& [key, object] : s->cache) {
          if (!fresh.count(key)) gone.push_back(object);
        }
        s->cache = fresh;
        s->synced = true;
      }
      s->cv.notify_all();
      for (const auto& object : gone) s->Deleted(object);
      for (const auto& [key, object] : fresh) s->Changed(object);

      kube::WatchOptions options;
      options.resource_version = rv;
      st = s->client.Watch(s->gvr, s->ns, options, [&](kube::WatchEvent& event) {
        if (s->Stopped()) return false;
        if (event.type == "BOOKMARK") return true;
        std::string key = ObjectKey(event.object);
        if (event.type == "DELETED") {
          {
            std::lock_guard<std::mutex> lock(s->mu);
            s->cache.erase(key);
          }
          s->Deleted(event.object);
        } else {
          {
            std::lock_guard<std::mutex> lock(s->mu);
            s->cache[key] = event.object;
          }
          s->Changed(event.object);
        }
        return !s->Stopped();
      });
    }
    if (!st.ok() && !s->Stopped()) {
      s->log.Warn("Watch ended; listing again",
                  {{"resource", s->gvr.GroupResource()}, {"error", st.ToString()}});
    }
    std::unique_lock<std::mutex> lock(s->mu);
    s->cv.wait_for(lock, std::chrono::seconds(1), [&] { return s->stopped; });
  }
  s->exited.set_value();
}

}  // namespace ark::controller
