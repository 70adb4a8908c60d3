#include "kubesim/go_values.h"

#include <cstdio>

namespace ark::kubesim {

using nlohmann::json;

std::string GoQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string GoScalar(const json& v) {
  if (v.is_string()) return GoQuote(v.get<std::string>());
  if (v.is_null()) return "null";
  return v.dump();
}

std::string GoStringSlice(const json& v) {
  if (!v.is_array()) return "[]string(nil)";
  std::string out = "[]string{";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += GoQuote(v[i].is_string() ? v[i].get<std::string>() : v[i].dump());
  }
  return out + "}";
}

std::string GoStringMap(const json& v) {
  if (!v.is_object()) return "map[string]string(nil)";
  std::string out = "map[string]string{";
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {  // nlohmann::json keeps keys sorted
    if (!first) out += ", ";
    first = false;
    out += GoQuote(it.key()) + ":" + GoQuote(it->is_string() ? it->get<std::string>() : it->dump());
  }
  return out + "}";
}

std::string GoLabelSelector(const json& v) {
  if (!v.is_object()) return "null";
  std::string out = "v1.LabelSelector{MatchLabels:" + GoStringMap(v.value("matchLabels", json())) +
                    ", MatchExpressions:";
  const json expressions = v.value("matchExpressions", json());
  if (!expressions.is_array()) return out + "[]v1.LabelSelectorRequirement(nil)}";
  out += "[]v1.LabelSelectorRequirement{";
  for (size_t i = 0; i < expressions.size(); ++i) {
    const json& e = expressions[i];
    if (i > 0) out += ", ";
    out += "v1.LabelSelectorRequirement{Key:" + GoQuote(e.value("key", "")) +
           ", Operator:" + GoQuote(e.value("operator", "")) +
           ", Values:" + GoStringSlice(e.value("values", json())) + "}";
  }
  return out + "}}";
}

}  // namespace ark::kubesim
