#pragma once

#include <string_view>

namespace ark::kube {

// Kubernetes name and label rules, as the API server applies them (k8s.io/apimachinery
// validation). The one implementation: api's validation and the label selector's parser
// both use these.

// A DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a
// letter or digit (namespace names).
bool IsDns1123Label(std::string_view name);
// A DNS-1123 subdomain: at most 253 characters, dot-separated labels of lowercase letters,
// digits and '-' (the names of most objects, Backups included).
bool IsDns1123Subdomain(std::string_view name);

// A label key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63
// letters, digits, '-', '_' and '.', starting and ending with a letter or digit.
bool IsValidLabelKey(std::string_view key);
// A label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and
// ending with a letter or digit.
bool IsValidLabelValue(std::string_view value);

}  // namespace ark::kube
