#include "restore/service_account_merge.h"

#include <set>
#include <string>

#include "restore/item_rewriter.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

const Json& Member(const Json& obj, const char* key) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

// The string-valued entries of `desired`'s map that `live`'s lacks or has with another value.
Json MissingEntries(const Json& desired, const Json& live) {
  Json missing = Json::object();
  if (!desired.is_object()) return missing;
  for (auto it = desired.begin(); it != desired.end(); ++it) {
    const Json& have = Member(live, it.key().c_str());
    if (have != *it) missing[it.key()] = *it;
  }
  return missing;
}

// `live`'s list with `desired`'s entries appended whose name it lacks; null when none is.
Json UnionByName(const Json& desired, const Json& live) {
  if (!desired.is_array()) return nullptr;
  Json merged = live.is_array() ? live : Json::array();
  std::set<std::string> names;
  for (const Json& entry : merged) {
    if (entry.is_object() && entry.contains("name") && entry["name"].is_string()) {
      names.insert(entry["name"].get<std::string>());
    }
  }
  bool added = false;
  for (const Json& entry : desired) {
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) continue;
    if (!names.insert(entry["name"].get<std::string>()).second) continue;
    merged.push_back(entry);
    added = true;
  }
  return added ? merged : Json(nullptr);
}

}  // namespace

std::optional<Json> ServiceAccountMergePatch(const Json& desired, const Json& live) {
  Json patch = Json::object();
  const Json& desired_meta = Member(desired, "metadata");
  const Json& live_meta = Member(live, "metadata");
  for (const char* key : {"labels", "annotations"}) {
    Json missing = MissingEntries(Member(desired_meta, key), Member(live_meta, key));
    if (!missing.empty()) patch["metadata"][key] = std::move(missing);
  }
  for (const char* key : {"imagePullSecrets", "secrets"}) {
    Json merged = UnionByName(Member(desired, key), Member(live, key));
    if (!merged.is_null()) patch[key] = std::move(merged);
  }
  // The restore label alone is no reason to touch the account; with a merge it marks it.
  const std::string restore_label(kRestoreLabel);
  Json* labels = patch.contains("metadata") && patch["metadata"].contains("labels")
                     ? &patch["metadata"]["labels"]
                     : nullptr;
  if (labels != nullptr && labels->size() == 1 && labels->contains(restore_label) &&
      patch.size() == 1 && patch["metadata"].size() == 1) {
    return std::nullopt;
  }
  if (patch.empty()) return std::nullopt;
  return patch;
}

}  // namespace ark::restore
