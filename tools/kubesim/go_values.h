#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ark::kubesim {

// The real server writes the value of an invalid field into its error messages with Go's
// fmt (k8s.io/apimachinery/pkg/util/validation/field: strings as %q, numbers and booleans as
// %v, anything else as %#v of the Go type). These render JSON values the same way for the
// types kubesim's messages name, so `Invalid value: ...` reads as the real server's.

// %q of a string: "10.96.0.1" (Go's escapes for quotes, backslashes and control bytes).
std::string GoQuote(const std::string& s);
// A scalar as field errors print it: "x" for strings, 5, true; null for null.
std::string GoScalar(const nlohmann::json& v);
// []string{"a", "b"}; []string(nil) for null or a missing value; []string{} for [].
std::string GoStringSlice(const nlohmann::json& v);
// map[string]string{"a":"1", "b":"2"} (keys sorted, as fmt prints maps);
// map[string]string(nil) for null; map[string]string{} for {}.
std::string GoStringMap(const nlohmann::json& v);
// A metav1.LabelSelector: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"},
// MatchExpressions:[]v1.LabelSelectorRequirement(nil)}; "null" for a missing selector.
std::string GoLabelSelector(const nlohmann::json& v);

}  // namespace ark::kubesim
