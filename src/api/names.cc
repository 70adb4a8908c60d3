#include "api/names.h"

#include "api/json_fields.h"
#include "kube/names.h"

namespace ark::api {
namespace {

std::string Quoted(std::string_view s) { return ValuePreview(Json(std::string(s))); }

constexpr char kNameRule[] =
    "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
constexpr char kNamespaceRule[] =
    "at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";

}  // namespace

bool IsLabelValue(std::string_view value) { return kube::IsValidLabelValue(value); }

bool IsLabelKey(std::string_view key) { return kube::IsValidLabelKey(key); }

std::string ObjectNameProblem(std::string_view name, size_t max) {
  if (name.empty()) return "must not be empty";
  if (name.size() > max) {
    return std::to_string(name.size()) + " characters long: at most " + std::to_string(max) +
           " are allowed";
  }
  if (!IsDns1123Subdomain(name)) return kNameRule;
  return "";
}

std::string CheckObjectName(std::string_view name, size_t max) {
  if (name.empty()) return "must not be empty";
  if (name.size() > max) {
    return Quoted(name) + " is " + ObjectNameProblem(name, max);
  }
  if (!IsDns1123Subdomain(name)) return Quoted(name) + " is not a valid name: " + kNameRule;
  return "";
}

std::string NamespaceNameProblem(std::string_view name) {
  if (name.empty()) return "must not be empty";
  return IsDns1123Label(name) ? "" : kNamespaceRule;
}

std::string CheckNamespaceName(std::string_view name) {
  if (name.empty()) return "must not be empty";
  if (IsDns1123Label(name)) return "";
  return Quoted(name) + " is not a valid namespace name: " + kNamespaceRule;
}

}  // namespace ark::api
