#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace ark::cloud::local {

// "file://" + the absolute `path`, with every byte outside [A-Za-z0-9-._~/] percent-encoded
// (RFC 8089): "/var/x y" -> "file:///var/x%20y".
std::string FileUrl(std::string_view path);

// The absolute path a file:// URL names (the inverse of FileUrl; "file://localhost/..." is
// accepted). InvalidArgument for another scheme, a remote host, a relative path or a bad
// percent escape.
Result<std::string> FileUrlPath(std::string_view url);

}  // namespace ark::cloud::local
