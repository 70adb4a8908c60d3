#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ark {

// Lenient readers for Kubernetes objects, where any field may be missing, null or of an
// unexpected type: they never throw.

// parent[key] when parent is an object and parent[key] is an object; else an empty object.
inline const nlohmann::json& Obj(const nlohmann::json& parent, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!parent.is_object()) return kEmpty;
  auto it = parent.find(key);
  return it != parent.end() && it->is_object() ? *it : kEmpty;
}

// parent[key] when it is an array; else an empty array.
inline const nlohmann::json& Arr(const nlohmann::json& parent, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  if (!parent.is_object()) return kEmpty;
  auto it = parent.find(key);
  return it != parent.end() && it->is_array() ? *it : kEmpty;
}

// parent[key] when it is a string; else "".
inline std::string Str(const nlohmann::json& parent, const char* key) {
  if (!parent.is_object()) return "";
  auto it = parent.find(key);
  return it != parent.end() && it->is_string() ? it->get<std::string>() : "";
}

// parent[key] when it is a boolean; else false.
inline bool Bool(const nlohmann::json& parent, const char* key) {
  if (!parent.is_object()) return false;
  auto it = parent.find(key);
  return it != parent.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace ark
