#pragma once

#include <string>
#include <string_view>

namespace ark::api {

// Kubernetes name rules, as the API server applies them (k8s.io/apimachinery validation), so
// a request is judged by the same rules whether it came through kubectl, `ark` or a file.

// A DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a
// letter or digit (namespace names).
bool IsDns1123Label(std::string_view name);
// A DNS-1123 subdomain: at most 253 characters, dot-separated labels of lowercase letters,
// digits and '-' (the names of most objects, Backups included).
bool IsDns1123Subdomain(std::string_view name);

// A label value: at most 63 characters, empty or alphanumerics with '-', '_' and '.' inside.
bool IsLabelValue(std::string_view value);
// A label key: an optional DNS-1123 subdomain prefix and '/', then a name as a non-empty
// label value.
bool IsLabelKey(std::string_view key);

// "" when `name` is a DNS-1123 subdomain of at most `max` characters, else what is wrong and
// what is allowed, e.g. `"My_Backup" is not a valid name: use lowercase letters, digits, '-'
// and '.', starting and ending with a letter or digit`.
std::string CheckObjectName(std::string_view name, size_t max);
// The same for a namespace name (a DNS-1123 label).
std::string CheckNamespaceName(std::string_view name);

}  // namespace ark::api
