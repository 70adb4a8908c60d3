#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <string>
#include <vector>

#include "kubesim/selector.h"
#include "kubesim/watch_hub.h"
#include "util/result.h"

namespace ark::kubesim {

// The object database: for each storage key ("apps/deployments") the objects ordered by
// "<namespace>/<name>" (cluster-scoped: "<name>"), with one global resourceVersion counter
// as etcd has. Each object is kept only as its serialized JSON (apiVersion and kind first)
// plus its labels, so a LIST page is a concatenation of strings. Every change is published
// to the WatchHub under the write lock, so watch order is resourceVersion order.
// Thread-safe.
class Store {
 public:
  explicit Store(WatchHub& hub) : hub_(hub) {}

  // Stored forms: full JSON with apiVersion and kind; `prefix_len` bytes of it are the
  // `{"apiVersion":..,"kind":..,` prefix, so "{" + full.substr(prefix_len) is the object
  // without them (how the real server writes list items of built-in kinds).
  struct Entry {
    std::shared_ptr<const std::string> full;
    uint32_t prefix_len = 0;
    std::shared_ptr<const Labels> labels;
    uint64_t rv = 0;
  };

  static std::string Key(const std::string& ns, const std::string& name) {
    return ns.empty() ? name : ns + "/" + name;
  }

  uint64_t CurrentRv() const { return rv_.load(); }

  // NotFound when absent.
  Result<nlohmann::json> Get(const std::string& skey, const std::string& ns,
                             const std::string& name) const;
  // Stores a new object (metadata complete except resourceVersion, which is assigned).
  // AlreadyExists when the key is taken.
  Result<nlohmann::json> Create(const std::string& skey, nlohmann::json obj);
  // Replaces an object if its current rv equals `expected_rv` (0: any). NotFound, or
  // Conflict on a stale rv. An update that changes nothing keeps the old rv and publishes
  // nothing.
  Result<nlohmann::json> Update(const std::string& skey, nlohmann::json obj, uint64_t expected_rv);
  // Removes an object if its rv equals `expected_rv` (0: any); returns its last state with a
  // new resourceVersion (as the DELETED event carries it). NotFound or Conflict.
  Result<nlohmann::json> Delete(const std::string& skey, const std::string& ns,
                                const std::string& name, uint64_t expected_rv);

  struct ListOptions {
    std::string ns;  // "" = all namespaces
    const LabelSelector* labels = nullptr;
    const FieldSelector* fields = nullptr;
    size_t limit = 0;         // 0 = no limit
    std::string start_after;  // key of the last item of the previous page
    // Count the items after a limited page (ListPage::remaining), as an API server does for
    // a list without selectors.
    bool count_remaining = false;
  };
  struct ListPage {
    std::vector<Entry> items;
    std::string last_key;   // set when more items remain
    uint64_t rv = 0;        // the store's resourceVersion when the page was read
    int64_t remaining = 0;  // with count_remaining: items after this page
  };
  ListPage List(const std::string& skey, const ListOptions& opts) const;

  // Registers `observer` for the objects of `skey`: it is called under the write lock with
  // an object's stored text before and after each change (null when it did not / no longer
  // exists), loads included, so an index kept by it is never behind the store. Register
  // before the first write.
  using Observer = std::function<void(const std::string* before, const std::string* after)>;
  void Observe(const std::string& skey, Observer observer);

  // Calls fn(storage key, entry) for every object, under the read lock (persistence).
  void ForEach(const std::function<void(const std::string&, const Entry&)>& fn) const;
  // Inserts an object as loaded from disk, keeping its resourceVersion; publishes nothing.
  Status Load(const std::string& skey, nlohmann::json obj);
  // The names (keys) of every object of a storage key in a namespace ("" = all).
  std::vector<std::pair<std::string, std::string>> Names(const std::string& skey,
                                                         const std::string& ns) const;

  // Serializes `obj` to the stored form.
  static Entry Serialize(const nlohmann::json& obj, uint64_t rv);

 private:
  using Bucket = std::map<std::string, Entry>;
  void PublishLocked(const char* type, const std::string& skey, const std::string& ns,
                     const std::string& name, const Entry& e);
  void NotifyLocked(const std::string& skey, const Entry* before, const Entry* after) const;

  WatchHub& hub_;
  std::map<std::string, std::vector<Observer>> observers_;  // set up before the first write
  mutable std::shared_mutex mu_;
  std::map<std::string, Bucket> buckets_;  // guarded by mu_
  std::atomic<uint64_t> rv_{1};            // written under mu_
};

// metadata.namespace / metadata.name of an object, "" when absent.
std::string MetaString(const nlohmann::json& obj, const char* field);
// Parses a resourceVersion string; 0 for "" and for anything that is not a number.
uint64_t ParseRv(const std::string& rv);

}  // namespace ark::kubesim
