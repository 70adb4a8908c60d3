#include "cloud/local/file_url.h"

#include <optional>
#include <utility>

#include "util/percent_encode.h"

namespace ark::cloud::local {

std::string FileUrl(std::string_view path) {
  return "file://" + PercentEncode(path, /*keep_slash=*/true);
}

Result<std::string> FileUrlPath(std::string_view url) {
  constexpr std::string_view kScheme = "file://";
  if (!url.starts_with(kScheme))
    return InvalidArgument("not a file:// URL: \"" + std::string(url) + "\"");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.starts_with("localhost/")) rest.remove_prefix(std::string_view("localhost").size());
  if (!rest.starts_with("/")) {
    return InvalidArgument("file URL \"" + std::string(url) +
                           "\" does not name an absolute local path");
  }
  std::optional<std::string> path = PercentDecodeStrict(rest);
  if (!path) return InvalidArgument("file URL \"" + std::string(url) + "\": bad percent escape");
  return *std::move(path);
}

}  // namespace ark::cloud::local
