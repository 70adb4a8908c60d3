#include "kubesim/store.h"

#include <mutex>

namespace ark::kubesim {

using nlohmann::json;

std::string MetaString(const json& obj, const char* field) {
  auto m = obj.find("metadata");
  if (m == obj.end() || !m->is_object()) return "";
  auto f = m->find(field);
  return f != m->end() && f->is_string() ? f->get<std::string>() : "";
}

uint64_t ParseRv(const std::string& rv) {
  if (rv.empty() || rv.size() > 19) return 0;
  uint64_t v = 0;
  for (char c : rv) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

namespace {

Labels LabelsOf(const json& obj) {
  Labels out;
  auto m = obj.find("metadata");
  if (m == obj.end() || !m->is_object()) return out;
  auto l = m->find("labels");
  if (l == m->end() || !l->is_object()) return out;
  for (auto it = l->begin(); it != l->end(); ++it) {
    if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

json ParseStored(const Store::Entry& e) { return json::parse(*e.full); }

}  // namespace

Store::Entry Store::Serialize(const json& obj, uint64_t rv) {
  std::string prefix = "{";
  json rest = json::object();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it.key() == "apiVersion" || it.key() == "kind") {
      prefix += json(it.key()).dump() + ":" + it.value().dump() + ",";
    } else {
      rest[it.key()] = it.value();
    }
  }
  std::string body = rest.dump(-1, ' ', false, json::error_handler_t::replace);
  Entry e;
  e.prefix_len = static_cast<uint32_t>(prefix.size());
  if (body == "{}") {
    prefix.back() = '}';  // no fields besides apiVersion/kind
    e.prefix_len = static_cast<uint32_t>(prefix.size() - 1);
    e.full = std::make_shared<const std::string>(prefix);
  } else {
    e.full = std::make_shared<const std::string>(prefix + body.substr(1));
  }
  e.labels = std::make_shared<const Labels>(LabelsOf(obj));
  e.rv = rv;
  return e;
}

void Store::PublishLocked(const char* type, const std::string& skey, const std::string& ns,
                          const std::string& name, const Entry& e) {
  WatchEvent ev;
  ev.type = type;
  ev.storage_key = skey;
  ev.ns = ns;
  ev.name = name;
  ev.labels = e.labels;
  ev.object = e.full;
  ev.rv = e.rv;
  hub_.Publish(std::move(ev));
}

void Store::Observe(const std::string& skey, Observer observer) {
  std::unique_lock lock(mu_);
  observers_[skey].push_back(std::move(observer));
}

void Store::NotifyLocked(const std::string& skey, const Entry* before, const Entry* after) const {
  auto it = observers_.find(skey);
  if (it == observers_.end()) return;
  for (const Observer& observer : it->second) {
    observer(before ? before->full.get() : nullptr, after ? after->full.get() : nullptr);
  }
}

Result<json> Store::Get(const std::string& skey, const std::string& ns,
                        const std::string& name) const {
  std::shared_lock lock(mu_);
  auto b = buckets_.find(skey);
  if (b == buckets_.end()) return NotFound(name);
  auto it = b->second.find(Key(ns, name));
  if (it == b->second.end()) return NotFound(name);
  Entry e = it->second;
  lock.unlock();
  return ParseStored(e);
}

Result<json> Store::Create(const std::string& skey, json obj) {
  std::string ns = MetaString(obj, "namespace"), name = MetaString(obj, "name");
  std::unique_lock lock(mu_);
  Bucket& b = buckets_[skey];
  std::string key = Key(ns, name);
  if (b.count(key)) return AlreadyExists(name);
  uint64_t rv = rv_.load() + 1;
  obj["metadata"]["resourceVersion"] = std::to_string(rv);
  Entry e = Serialize(obj, rv);
  b[key] = e;
  rv_.store(rv);
  NotifyLocked(skey, nullptr, &e);
  PublishLocked("ADDED", skey, ns, name, e);
  return obj;
}

Result<json> Store::Update(const std::string& skey, json obj, uint64_t expected_rv) {
  std::string ns = MetaString(obj, "namespace"), name = MetaString(obj, "name");
  std::unique_lock lock(mu_);
  Bucket& b = buckets_[skey];
  auto it = b.find(Key(ns, name));
  if (it == b.end()) return NotFound(name);
  if (expected_rv != 0 && it->second.rv != expected_rv) return Conflict(name);
  json old = ParseStored(it->second);
  obj["metadata"]["resourceVersion"] = std::to_string(it->second.rv);
  if (old == obj) return obj;  // no-op updates keep the resourceVersion
  uint64_t rv = rv_.load() + 1;
  obj["metadata"]["resourceVersion"] = std::to_string(rv);
  const Entry before = it->second;
  it->second = Serialize(obj, rv);
  rv_.store(rv);
  NotifyLocked(skey, &before, &it->second);
  PublishLocked("MODIFIED", skey, ns, name, it->second);
  return obj;
}

Result<json> Store::Delete(const std::string& skey, const std::string& ns, const std::string& name,
                           uint64_t expected_rv) {
  std::unique_lock lock(mu_);
  auto b = buckets_.find(skey);
  if (b == buckets_.end()) return NotFound(name);
  auto it = b->second.find(Key(ns, name));
  if (it == b->second.end()) return NotFound(name);
  if (expected_rv != 0 && it->second.rv != expected_rv) return Conflict(name);
  json old = ParseStored(it->second);
  NotifyLocked(skey, &it->second, nullptr);
  b->second.erase(it);
  uint64_t rv = rv_.load() + 1;
  old["metadata"]["resourceVersion"] = std::to_string(rv);
  rv_.store(rv);
  PublishLocked("DELETED", skey, ns, name, Serialize(old, rv));
  return old;
}

Store::ListPage Store::List(const std::string& skey, const ListOptions& opts) const {
  ListPage page;
  std::shared_lock lock(mu_);
  page.rv = rv_.load();
  auto b = buckets_.find(skey);
  if (b == buckets_.end()) return page;
  const Bucket& bucket = b->second;
  std::string prefix = opts.ns.empty() ? "" : opts.ns + "/";
  auto it =
      opts.start_after.empty() ? bucket.lower_bound(prefix) : bucket.upper_bound(opts.start_after);
  std::string exact = opts.fields ? opts.fields->ExactName() : "";
  bool more = false;
  if (!exact.empty() && !opts.ns.empty() && opts.start_after.empty()) {
    it = bucket.lower_bound(prefix + exact);
  }
  for (; it != bucket.end(); ++it) {
    const std::string& key = it->first;
    if (!prefix.empty() && key.compare(0, prefix.size(), prefix) != 0) break;
    size_t slash = key.find('/');
    std::string_view ns =
        slash == std::string::npos ? std::string_view() : std::string_view(key).substr(0, slash);
    std::string_view name = slash == std::string::npos ? std::string_view(key)
                                                       : std::string_view(key).substr(slash + 1);
    if (!exact.empty() && !opts.ns.empty() && name != exact) break;
    if (opts.fields && !opts.fields->Matches(std::string(ns), std::string(name))) continue;
    if (opts.labels && !opts.labels->Matches(*it->second.labels)) continue;
    if (opts.limit > 0 && page.items.size() == opts.limit) {
      more = true;
      break;
    }
    page.items.push_back(it->second);
    page.last_key = key;
  }
  if (!more) page.last_key.clear();
  if (more && opts.count_remaining) {
    for (; it != bucket.end(); ++it) {
      if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
      ++page.remaining;
    }
  }
  return page;
}

void Store::ForEach(const std::function<void(const std::string&, const Entry&)>& fn) const {
  std::shared_lock lock(mu_);
  for (const auto& [skey, bucket] : buckets_) {
    for (const auto& [key, e] : bucket) fn(skey, e);
  }
}

Status Store::Load(const std::string& skey, json obj) {
  uint64_t rv = ParseRv(MetaString(obj, "resourceVersion"));
  std::string key = Key(MetaString(obj, "namespace"), MetaString(obj, "name"));
  std::unique_lock lock(mu_);
  Entry& slot = buckets_[skey][key];
  const Entry before = slot;
  slot = Serialize(obj, rv);
  NotifyLocked(skey, before.full ? &before : nullptr, &slot);
  if (rv > rv_.load()) rv_.store(rv);
  return Status::Ok();
}

std::vector<std::pair<std::string, std::string>> Store::Names(const std::string& skey,
                                                              const std::string& ns) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::shared_lock lock(mu_);
  auto b = buckets_.find(skey);
  if (b == buckets_.end()) return out;
  std::string prefix = ns.empty() ? "" : ns + "/";
  for (auto it = b->second.lower_bound(prefix); it != b->second.end(); ++it) {
    if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0) break;
    size_t slash = it->first.find('/');
    if (slash == std::string::npos) {
      out.emplace_back("", it->first);
    } else {
      out.emplace_back(it->first.substr(0, slash), it->first.substr(slash + 1));
    }
  }
  return out;
}

}  // namespace ark::kubesim
