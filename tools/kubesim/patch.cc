#include "kubesim/patch.h"

#include <algorithm>
#include <map>

namespace ark::kubesim {

using nlohmann::json;

namespace {

json MergeValue(const json& target, const json& patch) {
  if (!patch.is_object()) return patch;
  json result = target.is_object() ? target : json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.value().is_null()) {
      result.erase(it.key());
    } else {
      result[it.key()] =
          MergeValue(result.contains(it.key()) ? result[it.key()] : json(), it.value());
    }
  }
  return result;
}

// Splits a JSON pointer; "" is the whole document.
Result<json::json_pointer> Pointer(const json& op, const char* field) {
  if (!op.contains(field) || !op[field].is_string()) {
    return InvalidArgument(std::string("json patch operation is missing \"") + field + "\"");
  }
  try {
    return json::json_pointer(op[field].get<std::string>());
  } catch (const json::exception& e) {
    return InvalidArgument("invalid JSON pointer \"" + op[field].get<std::string>() + "\"");
  }
}

Status AddAt(json& doc, const json::json_pointer& ptr, const json& value) {
  if (ptr.empty()) {
    doc = value;
    return Status::Ok();
  }
  json::json_pointer parent = ptr.parent_pointer();
  if (!doc.contains(parent)) {
    return FailedPrecondition("doc is missing path: \"" + parent.to_string() + "\"");
  }
  json& container = doc[parent];
  std::string last = ptr.back();
  if (container.is_array()) {
    if (last == "-") {
      container.push_back(value);
      return Status::Ok();
    }
    size_t idx = 0;
    try {
      idx = std::stoul(last);
    } catch (...) {
      return FailedPrecondition("invalid array index \"" + last + "\"");
    }
    if (idx > container.size()) {
      return FailedPrecondition("array index " + last + " out of bounds at \"" + ptr.to_string() +
                                "\"");
    }
    container.insert(container.begin() + static_cast<long>(idx), value);
    return Status::Ok();
  }
  if (!container.is_object()) {
    return FailedPrecondition("cannot add at \"" + ptr.to_string() +
                              "\": parent is not an object or array");
  }
  container[last] = value;
  return Status::Ok();
}

Status RemoveAt(json& doc, const json::json_pointer& ptr) {
  if (ptr.empty() || !doc.contains(ptr)) {
    return FailedPrecondition("doc is missing path: \"" + ptr.to_string() + "\"");
  }
  json& container = doc[ptr.parent_pointer()];
  if (container.is_array()) {
    container.erase(static_cast<size_t>(std::stoul(ptr.back())));
  } else {
    container.erase(ptr.back());
  }
  return Status::Ok();
}

// ---- strategic merge ----

// The merge key of a list field, "" when the list is atomic.
std::string MergeKeyFor(const std::string& field, const json& list_a, const json& list_b) {
  static const std::map<std::string, std::string> keys = {
      {"containers", "name"},
      {"initContainers", "name"},
      {"ephemeralContainers", "name"},
      {"volumes", "name"},
      {"env", "name"},
      {"imagePullSecrets", "name"},
      {"volumeMounts", "mountPath"},
      {"volumeDevices", "devicePath"},
      {"hostAliases", "ip"},
      {"conditions", "type"},
      {"ownerReferences", "uid"},
      {"topologySpreadConstraints", "topologyKey"},
      {"ephemeralContainerStatuses", "name"},
      {"containerStatuses", "name"},
      {"initContainerStatuses", "name"}};
  if (field == "ports") {
    // Container ports merge on containerPort, service ports on port.
    for (const json* l : {&list_a, &list_b}) {
      if (l->is_array()) {
        for (const json& e : *l) {
          if (e.is_object() && e.contains("containerPort")) return "containerPort";
          if (e.is_object() && e.contains("port")) return "port";
        }
      }
    }
    return "port";
  }
  auto it = keys.find(field);
  return it == keys.end() ? "" : it->second;
}

bool IsSetList(const std::string& field) { return field == "finalizers"; }

Result<json> StrategicMerge(const json& target, const json& patch);

Result<json> MergeList(const std::string& field, const json& target, const json& patch,
                       const json* order) {
  std::string key = MergeKeyFor(field, target, patch);
  json base = target.is_array() ? target : json::array();
  if (IsSetList(field)) {
    for (const json& v : patch) {
      if (std::find(base.begin(), base.end(), v) == base.end()) base.push_back(v);
    }
    return base;
  }
  if (key.empty()) {
    // Atomic list: the patch replaces it, directives removed.
    json out = json::array();
    for (const json& v : patch) {
      if (v.is_object() && v.contains("$patch")) continue;
      out.push_back(v);
    }
    return out;
  }
  for (const json& p : patch) {
    if (p.is_object() && p.value("$patch", "") == "replace") {
      json out = json::array();
      for (const json& v : patch) {
        if (!(v.is_object() && v.contains("$patch"))) out.push_back(v);
      }
      return out;
    }
  }
  for (const json& p : patch) {
    if (!p.is_object() || !p.contains(key)) {
      return InvalidArgument("map: " + p.dump() + " does not contain declared merge key: " + key);
    }
    auto it = std::find_if(base.begin(), base.end(), [&](const json& e) {
      return e.is_object() && e.contains(key) && e[key] == p[key];
    });
    if (p.value("$patch", "") == "delete") {
      if (it != base.end()) base.erase(it);
      continue;
    }
    if (it == base.end()) {
      ARK_ASSIGN_OR_RETURN(json merged, StrategicMerge(json::object(), p));
      base.push_back(merged);
    } else {
      ARK_ASSIGN_OR_RETURN(json merged, StrategicMerge(*it, p));
      *it = merged;
    }
  }
  if (order && order->is_array()) {
    // $setElementOrder: the listed elements in that order, then any others as they were.
    json ordered = json::array();
    std::vector<bool> used(base.size(), false);
    for (const json& o : *order) {
      for (size_t i = 0; i < base.size(); ++i) {
        if (!used[i] && base[i].is_object() && o.is_object() && o.contains(key) &&
            base[i].contains(key) && base[i][key] == o[key]) {
          ordered.push_back(base[i]);
          used[i] = true;
          break;
        }
      }
    }
    for (size_t i = 0; i < base.size(); ++i) {
      if (!used[i]) ordered.push_back(base[i]);
    }
    base = ordered;
  }
  return base;
}

Result<json> StrategicMerge(const json& target, const json& patch) {
  if (!patch.is_object()) return patch;
  std::string directive = patch.value("$patch", "");
  if (directive == "replace") {
    json out = patch;
    out.erase("$patch");
    return out;
  }
  if (directive == "delete") return json();
  json result = target.is_object() ? target : json::object();
  if (patch.contains("$retainKeys") && patch["$retainKeys"].is_array()) {
    json kept = json::object();
    for (const json& k : patch["$retainKeys"]) {
      if (k.is_string() && result.contains(k.get<std::string>())) {
        kept[k.get<std::string>()] = result[k.get<std::string>()];
      }
    }
    result = kept;
  }
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& k = it.key();
    if (k == "$patch" || k == "$retainKeys" || k.rfind("$setElementOrder/", 0) == 0) continue;
    if (k.rfind("$deleteFromPrimitiveList/", 0) == 0) {
      std::string field = k.substr(25);
      if (result.contains(field) && result[field].is_array() && it.value().is_array()) {
        json kept = json::array();
        for (const json& v : result[field]) {
          if (std::find(it.value().begin(), it.value().end(), v) == it.value().end()) {
            kept.push_back(v);
          }
        }
        result[field] = kept;
      }
      continue;
    }
    const json& pv = it.value();
    if (pv.is_null()) {
      result.erase(k);
      continue;
    }
    json current = result.contains(k) ? result[k] : json();
    if (pv.is_array()) {
      std::string order_key = "$setElementOrder/" + k;
      const json* order = patch.contains(order_key) ? &patch[order_key] : nullptr;
      ARK_ASSIGN_OR_RETURN(json merged, MergeList(k, current, pv, order));
      result[k] = merged;
    } else if (pv.is_object()) {
      ARK_ASSIGN_OR_RETURN(json merged, StrategicMerge(current, pv));
      if (merged.is_null()) {
        result.erase(k);
      } else {
        result[k] = merged;
      }
    } else {
      result[k] = pv;
    }
  }
  // A $setElementOrder without a patch for the list reorders the existing list.
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.key().rfind("$setElementOrder/", 0) != 0) continue;
    std::string field = it.key().substr(17);
    if (patch.contains(field) || !result.contains(field)) continue;
    ARK_ASSIGN_OR_RETURN(json merged, MergeList(field, result[field], json::array(), &it.value()));
    result[field] = merged;
  }
  return result;
}

}  // namespace

Result<json> ApplyMergePatch(const json& doc, const json& patch) {
  if (!patch.is_object()) return InvalidArgument("merge patch must be a JSON object");
  return MergeValue(doc, patch);
}

Result<json> ApplyJsonPatch(const json& doc, const json& patch) {
  if (!patch.is_array()) {
    return InvalidArgument("json patch must be a JSON array of operations");
  }
  json out = doc;
  for (const json& op : patch) {
    if (!op.is_object() || !op.contains("op") || !op["op"].is_string()) {
      return InvalidArgument("json patch operation has no \"op\": " + op.dump());
    }
    std::string name = op["op"];
    ARK_ASSIGN_OR_RETURN(json::json_pointer path, Pointer(op, "path"));
    if (name == "add" || name == "replace" || name == "test") {
      if (!op.contains("value")) {
        return InvalidArgument("json patch " + name + " operation has no \"value\"");
      }
    }
    if (name == "add") {
      ARK_RETURN_IF_ERROR(AddAt(out, path, op["value"]));
    } else if (name == "remove") {
      ARK_RETURN_IF_ERROR(RemoveAt(out, path));
    } else if (name == "replace") {
      if (!out.contains(path)) {
        return FailedPrecondition("replace operation does not apply: doc is missing key: " +
                                  path.to_string());
      }
      out[path] = op["value"];
    } else if (name == "test") {
      if (!out.contains(path) || out[path] != op["value"]) {
        return FailedPrecondition("testing value " + path.to_string() + " failed: test failed");
      }
    } else if (name == "move" || name == "copy") {
      ARK_ASSIGN_OR_RETURN(json::json_pointer from, Pointer(op, "from"));
      if (!out.contains(from)) {
        return FailedPrecondition("doc is missing from path: \"" + from.to_string() + "\"");
      }
      json value = out[from];
      if (name == "move") ARK_RETURN_IF_ERROR(RemoveAt(out, from));
      ARK_RETURN_IF_ERROR(AddAt(out, path, value));
    } else {
      return InvalidArgument("Unexpected kind: " + name);
    }
  }
  return out;
}

Result<json> ApplyStrategicMergePatch(const json& doc, const json& patch) {
  if (!patch.is_object()) return InvalidArgument("strategic merge patch must be a JSON object");
  return StrategicMerge(doc, patch);
}

}  // namespace ark::kubesim
