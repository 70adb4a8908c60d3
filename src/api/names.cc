#include "api/names.h"

#include "api/json_fields.h"

namespace ark::api {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string Quoted(std::string_view s) { return ValuePreview(Json(std::string(s))); }

}  // namespace

bool IsDns1123Label(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!IsLowerAlnum(name.front()) || !IsLowerAlnum(name.back())) return false;
  for (char c : name) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

bool IsDns1123Subdomain(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    std::string_view part = name.substr(start, dot - start);
    // Each part is a label, but the 63-character limit applies to the whole name only.
    if (part.empty() || !IsLowerAlnum(part.front()) || !IsLowerAlnum(part.back())) return false;
    for (char c : part) {
      if (!IsLowerAlnum(c) && c != '-') return false;
    }
    start = dot + 1;
  }
  return true;
}

bool IsLabelValue(std::string_view value) {
  if (value.empty()) return true;
  if (value.size() > 63) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(value.front()) || !alnum(value.back())) return false;
  for (char c : value) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

bool IsLabelKey(std::string_view key) {
  size_t slash = key.find('/');
  std::string_view name = key;
  if (slash != std::string_view::npos) {
    if (!IsDns1123Subdomain(key.substr(0, slash))) return false;
    name = key.substr(slash + 1);
  }
  return !name.empty() && IsLabelValue(name);
}

std::string CheckObjectName(std::string_view name, size_t max) {
  if (name.empty()) return "must not be empty";
  if (name.size() > max) {
    return Quoted(name) + " is " + std::to_string(name.size()) + " characters long: at most " +
           std::to_string(max) + " are allowed";
  }
  if (!IsDns1123Subdomain(name)) {
    return Quoted(name) +
           " is not a valid name: use lowercase letters, digits, '-' and '.', starting and "
           "ending with a letter or digit";
  }
  return "";
}

std::string CheckNamespaceName(std::string_view name) {
  if (name.empty()) return "must not be empty";
  if (IsDns1123Label(name)) return "";
  return Quoted(name) +
         " is not a valid namespace name: at most 63 lowercase letters, digits and '-', "
         "starting and ending with a letter or digit";
}

}  // namespace ark::api
