#include "cli/display_read.h"

#include <charconv>
#include <string_view>

#include "api/object_io.h"

namespace ark::cli {

using nlohmann::json;

namespace {

// Each round drops a field, so an object reads within as many rounds as it has bad fields;
// the cap only bounds the work a hostile object can cause.
constexpr int kMaxDrops = 64;

// One resolved part of a path: the member `key` of an object or element `index` of an array.
struct Step {
  json* container = nullptr;
  bool is_index = false;
  std::string key;
  size_t index = 0;
};

// Matches the first part of `rest` in `node` ("[3]" in an array, the longest member name
// followed by the end, '.' or '[' in an object) and consumes it with the '.' after it.
bool NextStep(json& node, std::string_view& rest, Step* step) {
  if (node.is_array()) {
    const size_t close = rest.find(']');
    if (rest.empty() || rest[0] != '[' || close == std::string_view::npos) return false;
    size_t i = 0;
    const char* first = rest.data() + 1;
    const char* last = rest.data() + close;
    auto [end, error] = std::from_chars(first, last, i);
    if (error != std::errc() || end != last || i >= node.size()) return false;
    step->container = &node;
    step->is_index = true;
    step->index = i;
    rest.remove_prefix(close + 1);
  } else if (node.is_object()) {
    const std::string* best = nullptr;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string& key = it.key();
      if (rest.substr(0, key.size()) != key) continue;
      if (rest.size() > key.size() && rest[key.size()] != '.' && rest[key.size()] != '[') continue;
      if (best == nullptr || key.size() > best->size()) best = &key;
    }
    if (best == nullptr) return false;
    step->container = &node;
    step->is_index = false;
    step->key = *best;
    rest.remove_prefix(best->size());
  } else {
    return false;
  }
  if (!rest.empty() && rest[0] == '.') rest.remove_prefix(1);
  return true;
}

template <typename T>
DisplayRead<T> ReadForDisplay(const json& object, std::string_view kind) {
  DisplayRead<T> out;
  json j = object;
  for (int round = 0; round <= kMaxDrops; ++round) {
    auto parsed = T::FromJson(j);
    if (parsed.ok()) {
      out.object = std::move(*parsed);
      return out;
    }
    const std::string& message = parsed.status().message();
    const std::string prefix = api::ObjectRef(kind, j) + ": ";
    std::string detail = message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
    // A field dropped and then missing is named again; say it once.
    if (out.problems.empty() || out.problems.back() != detail) out.problems.push_back(detail);
    const size_t colon = detail.find(": ");
    if (colon == std::string::npos || !DropField(j, detail.substr(0, colon))) break;
  }
  auto meta =
      api::ObjectMeta::FromJson(object.is_object() ? object.value("metadata", json()) : json());
  if (meta.ok()) out.object.metadata = std::move(*meta);
  return out;
}

}  // namespace

bool DropField(json& root, const std::string& path) {
  std::string_view rest = path;
  json* node = &root;
  Step last;
  bool found = false;
  while (!rest.empty()) {
    Step step;
    if (!NextStep(*node, rest, &step)) break;
    node = step.is_index ? &(*step.container)[step.index] : &(*step.container)[step.key];
    last = std::move(step);
    found = true;
  }
  if (!found) return false;
  if (last.is_index) {
    last.container->erase(last.index);
  } else {
    last.container->erase(last.key);
  }
  return true;
}

DisplayRead<api::Backup> ReadBackupForDisplay(const json& object) {
  return ReadForDisplay<api::Backup>(object, "Backup");
}

DisplayRead<api::Restore> ReadRestoreForDisplay(const json& object) {
  return ReadForDisplay<api::Restore>(object, "Restore");
}

DisplayRead<api::Schedule> ReadScheduleForDisplay(const json& object) {
  return ReadForDisplay<api::Schedule>(object, "Schedule");
}

}  // namespace ark::cli
