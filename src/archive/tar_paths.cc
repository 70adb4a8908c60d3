#include "archive/tar_paths.h"

#include <vector>

namespace ark::archive {
namespace {

constexpr std::string_view kJsonSuffix = ".json";

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      parts.push_back(path.substr(start));
      return parts;
    }
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

Status BadPath(std::string_view path, std::string_view why) {
  return InvalidArgument("tarball path \"" + std::string(path) + "\": " + std::string(why));
}

// "<name>.json" -> "<name>"; InvalidArgument when the suffix or the name is missing.
Result<std::string> ItemName(std::string_view path, std::string_view file) {
  if (file.size() <= kJsonSuffix.size() || !file.ends_with(kJsonSuffix)) {
    return BadPath(path, "item file name must be <name>.json");
  }
  return std::string(file.substr(0, file.size() - kJsonSuffix.size()));
}

Result<std::optional<ItemLocation>> Item(std::string_view path, std::string_view gr,
                                         std::string_view ns, std::string_view file) {
  ARK_ASSIGN_OR_RETURN(std::string name, ItemName(path, file));
  return std::optional<ItemLocation>(
      ItemLocation{std::string(gr), std::string(ns), std::move(name)});
}

}  // namespace

std::string ItemPath(std::string_view group_resource, std::string_view ns, std::string_view name) {
  std::string path = "resources/";
  path.append(group_resource);
  if (ns.empty()) {
    path.append("/cluster/");
  } else {
    path.append("/namespaces/").append(ns).append("/");
  }
  path.append(name).append(kJsonSuffix);
  return path;
}

Result<std::optional<ItemLocation>> ParseItemPath(std::string_view path) {
  std::vector<std::string_view> p = SplitPath(path);
  for (std::string_view part : p) {
    if (part.empty()) return BadPath(path, "empty path component");
  }
  const size_t n = p.size();
  if (p[0] == "metadata") return std::optional<ItemLocation>();  // Velero's metadata/version
  if (p[0] == "resources") {
    // resources/<gr>/cluster/<name>.json
    if (n == 4 && p[2] == "cluster") return Item(path, p[1], "", p[3]);
    // resources/<gr>/namespaces/<ns>/<name>.json
    if (n == 5 && p[2] == "namespaces") return Item(path, p[1], p[3], p[4]);
    // Velero 1.4+ version subtrees: resources/<gr>/<version>/cluster/<name>.json and
    // resources/<gr>/<version>/namespaces/<ns>/<name>.json.
    if ((n == 5 && p[3] == "cluster") || (n == 6 && p[3] == "namespaces")) {
      ARK_RETURN_IF_ERROR(ItemName(path, p[n - 1]).status());
      return std::optional<ItemLocation>();
    }
    return BadPath(path,
                   "expected resources/<resource>/{cluster|namespaces/<namespace>}/<name>.json");
  }
  // Ark v0.3/v0.4 layout.
  if (p[0] == "namespaces") {
    if (n == 4) return Item(path, p[2], p[1], p[3]);
    return BadPath(path, "expected namespaces/<namespace>/<resource>/<name>.json");
  }
  if (p[0] == "cluster") {
    if (n == 3) return Item(path, p[1], "", p[2]);
    return BadPath(path, "expected cluster/<resource>/<name>.json");
  }
  return BadPath(path, "unknown top-level folder \"" + std::string(p[0]) + "\"");
}

}  // namespace ark::archive
