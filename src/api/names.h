#pragma once

#include <string>
#include <string_view>

#include "kube/names.h"

namespace ark::api {

// Kubernetes name rules, as the API server applies them (k8s.io/apimachinery validation), so
// a request is judged by the same rules whether it came through kubectl, `ark` or a file.

// The rules themselves are kube's (kube/names.h), one implementation for the validators and
// the label selector's parser.
using kube::IsDns1123Label;
using kube::IsDns1123Subdomain;
// kube::IsValidLabelValue and kube::IsValidLabelKey, under the names api's validators use.
bool IsLabelValue(std::string_view value);
bool IsLabelKey(std::string_view key);

// "" when `name` is a DNS-1123 subdomain of at most `max` characters, else what is wrong and
// what is allowed, e.g. `"My_Backup" is not a valid name: use lowercase letters, digits, '-'
// and '.', starting and ending with a letter or digit`.
std::string CheckObjectName(std::string_view name, size_t max);
// The same judgement without the name itself, for a message that quotes it already:
// "" when valid, else "must not be empty", "300 characters long: at most 253 are allowed" or
// "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit".
std::string ObjectNameProblem(std::string_view name, size_t max);
// The same for a namespace name (a DNS-1123 label).
std::string CheckNamespaceName(std::string_view name);
// The same without the name: "" when valid, else "must not be empty" or what is allowed.
std::string NamespaceNameProblem(std::string_view name);

}  // namespace ark::api
