#include "api/label_selector.h"

#include <algorithm>

namespace ark::api {

Result<LabelSelector> LabelSelector::FromJson(const Json& j, std::string_view where) {
  LabelSelector s;
  if (!j.is_object()) {
    return InvalidArgument(std::string(where) + ": expected a label selector object, got " +
                           j.type_name());
  }
  s.raw = j;
  ARK_RETURN_IF_ERROR(ReadStringMap(j, where, "matchLabels", &s.match_labels));
  auto it = j.find("matchExpressions");
  if (it != j.end() && !it->is_null()) {
    std::string path = FieldPath(where, "matchExpressions");
    if (!it->is_array()) return InvalidArgument(path + ": expected a list, got " + it->type_name());
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& e = (*it)[i];
      std::string at = path + "[" + std::to_string(i) + "]";
      if (!e.is_object()) return InvalidArgument(at + ": expected an object, got " + e.type_name());
      Requirement r;
      ARK_RETURN_IF_ERROR(ReadString(e, at, "key", &r.key));
      ARK_RETURN_IF_ERROR(ReadString(e, at, "operator", &r.op));
      ARK_RETURN_IF_ERROR(ReadStringList(e, at, "values", &r.values));
      if (r.key.empty()) return InvalidArgument(at + ".key: must not be empty");
      if (r.op == "In" || r.op == "NotIn") {
        if (r.values.empty()) {
          return InvalidArgument(at + ".values: must be non-empty for operator " + r.op);
        }
      } else if (r.op == "Exists" || r.op == "DoesNotExist") {
        if (!r.values.empty()) {
          return InvalidArgument(at + ".values: must be empty for operator " + r.op);
        }
      } else {
        return InvalidArgument(at + ".operator: \"" + r.op +
                               "\" is not one of In, NotIn, Exists, DoesNotExist");
      }
      s.match_expressions.push_back(std::move(r));
    }
  }
  return s;
}

Json LabelSelector::ToJson() const {
  Json out = BaseObject(raw);
  WriteStringMap(out, "matchLabels", match_labels);
  Json exprs = Json::array();
  for (const Requirement& r : match_expressions) {
    Json e = Json::object();
    e["key"] = r.key;
    e["operator"] = r.op;
    if (!r.values.empty()) e["values"] = r.values;
    exprs.push_back(std::move(e));
  }
  // Keep the original list (and its key order) when nothing changed.
  bool same = false;
  auto it = out.find("matchExpressions");
  if (it != out.end() && it->is_array() && it->size() == match_expressions.size()) {
    same = true;
    for (size_t i = 0; i < exprs.size() && same; ++i) {
      const Json& old = (*it)[i];
      same = old.value("key", "") == match_expressions[i].key &&
             old.value("operator", "") == match_expressions[i].op &&
             old.value("values", Json::array()) == Json(match_expressions[i].values);
    }
  }
  if (!same) {
    if (!exprs.empty()) {
      out["matchExpressions"] = std::move(exprs);
    } else if (it != out.end() && it->is_array() && !it->empty()) {
      *it = Json::array();
    }
  }
  return out;
}

std::string LabelSelector::ToString() const {
  std::vector<std::string> parts;
  for (const auto& [k, v] : match_labels) parts.push_back(k + "=" + v);
  for (const Requirement& r : match_expressions) {
    if (r.op == "Exists") {
      parts.push_back(r.key);
    } else if (r.op == "DoesNotExist") {
      parts.push_back("!" + r.key);
    } else {
      std::vector<std::string> values = r.values;
      std::sort(values.begin(), values.end());
      std::string joined;
      for (const std::string& v : values) joined += (joined.empty() ? "" : ",") + v;
      parts.push_back(r.key + (r.op == "In" ? " in (" : " notin (") + joined + ")");
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

Result<kube::LabelSelector> LabelSelector::ToSelector(std::string_view where) const {
  Json j = Json::object();
  WriteStringMap(j, "matchLabels", match_labels);
  Json exprs = Json::array();
  for (const Requirement& r : match_expressions) {
    exprs.push_back({{"key", r.key}, {"operator", r.op}, {"values", r.values}});
  }
  j["matchExpressions"] = std::move(exprs);
  auto selector = kube::LabelSelector::FromJson(j);
  if (!selector.ok()) return Status(selector.status()).Annotate(std::string(where));
  return selector;
}

bool LabelSelector::Matches(const std::map<std::string, std::string>& labels) const {
  auto selector = ToSelector("labelSelector");
  return selector.ok() && selector->Matches(labels);
}

}  // namespace ark::api
