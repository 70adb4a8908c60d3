#include "http/message.h"

#include <strings.h>

#include <algorithm>

namespace ark::http {
namespace {
bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

void Headers::Set(std::string name, std::string value) {
  items_.erase(std::remove_if(items_.begin(), items_.end(),
                              [&](const auto& kv) { return SameName(kv.first, name); }),
               items_.end());
  items_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Headers::Get(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (SameName(k, name)) return v;
  }
  return std::nullopt;
}

}  // namespace ark::http
