#include "api/limits.h"

#include <cstdio>

namespace ark::api {
namespace {

// The JSON text size of `v`, roughly (numbers count 8), not looking deeper than the cap.
size_t TextSize(const Json& v, size_t depth) {
  if (depth > kMaxSpecDepth) return 0;
  if (v.is_string()) return v.get_ref<const std::string&>().size() + 2;
  if (v.is_array()) {
    size_t n = 2;
    for (const Json& e : v) n += 1 + TextSize(e, depth + 1);
    return n;
  }
  if (v.is_object()) {
    size_t n = 2;
    for (auto it = v.begin(); it != v.end(); ++it)
      n += it.key().size() + 4 + TextSize(it.value(), depth + 1);
    return n;
  }
  return 8;
}

struct Walk {
  std::vector<std::string>* errors;
  size_t bytes = 0;  // an estimate of the JSON text size, exact for strings and punctuation
  bool too_deep = false;

  void Visit(const Json& v, const std::string& path, size_t depth) {
    if (depth > kMaxSpecDepth) {
      if (!too_deep) {
        errors->push_back(path + ": nested more than " + std::to_string(kMaxSpecDepth) +
                          " levels deep: at most " + std::to_string(kMaxSpecDepth) +
                          " are allowed");
      }
      too_deep = true;
      return;
    }
    if (v.is_array() || v.is_object()) {
      bytes += 2;
      if (v.size() > kMaxSpecListEntries) {
        errors->push_back(path + ": " + std::to_string(v.size()) + " entries: at most " +
                          std::to_string(kMaxSpecListEntries) + " are allowed");
        // Still counted, for the size message, but without a path per entry.
        bytes += TextSize(v, depth);
        return;
      }
    }
    if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i) {
        bytes += 1;
        Visit(v[i], path + "[" + std::to_string(i) + "]", depth + 1);
      }
    } else if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        bytes += it.key().size() + 4;
        Visit(it.value(), FieldPath(path, it.key()), depth + 1);
      }
    } else if (v.is_string()) {
      bytes += v.get_ref<const std::string&>().size() + 2;
    } else {
      bytes += 8;
    }
  }
};

std::string Mebibytes(size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

}  // namespace

void CheckSpecLimits(const Json& spec, std::string_view where, std::vector<std::string>* errors) {
  Walk walk{errors};
  walk.Visit(spec, std::string(where), 0);
  if (walk.bytes > kMaxSpecBytes) {
    errors->push_back(std::string(where) + ": " + Mebibytes(walk.bytes) +
                      " as JSON: at most 1 MiB is allowed");
  }
}

std::vector<std::string> CapErrors(std::vector<std::string> errors) {
  if (errors.size() <= kMaxValidationErrors) return errors;
  const size_t more = errors.size() - (kMaxValidationErrors - 1);
  errors.resize(kMaxValidationErrors - 1);
  errors.push_back("... and " + std::to_string(more) + " more problems");
  return errors;
}

}  // namespace ark::api
