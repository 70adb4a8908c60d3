#include "kubesim/namespace_controller.h"

namespace ark::kubesim {

using nlohmann::json;

NamespaceController::NamespaceController(Objects& objects, std::chrono::milliseconds interval)
    : objects_(objects), interval_(interval), thread_([this] { Loop(); }) {}

NamespaceController::~NamespaceController() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void NamespaceController::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    RunOnce();
    lock.lock();
    cv_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

void NamespaceController::RunOnce() {
  ResourceInfo ns_info = NamespacesResource(objects_.registry());
  Store& store = objects_.store();
  for (const auto& [unused, ns] : store.Names(ns_info.StorageKey(), "")) {
    Result<json> obj = store.Get(ns_info.StorageKey(), "", ns);
    if (!obj.ok() || !obj->at("metadata").contains("deletionTimestamp")) continue;
    bool empty = true;
    for (const ResourceInfo& r : objects_.registry().StoredResources()) {
      if (!r.namespaced) continue;
      for (const auto& [obj_ns, name] : store.Names(r.StorageKey(), ns)) {
        empty = false;
        (void)objects_.Delete(r, obj_ns, name, json::object());
      }
    }
    if (!empty) continue;  // look again next pass: finalizers may hold objects
    bool still_empty = true;
    for (const ResourceInfo& r : objects_.registry().StoredResources()) {
      if (r.namespaced && !store.Names(r.StorageKey(), ns).empty()) still_empty = false;
    }
    if (still_empty) {
      (void)store.Delete(ns_info.StorageKey(), "", ns,
                         ParseRv(MetaString(*obj, "resourceVersion")));
    }
  }
}

}  // namespace ark::kubesim
