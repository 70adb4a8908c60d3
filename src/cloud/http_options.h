#pragma once

#include <chrono>
#include <string>

#include "http/client.h"

namespace ark::cloud {

// A transfer to or from an object store or a cloud API that moves no byte for this long fails
// with DeadlineExceeded and is retried like any transport error. Uploads have no overall time
// limit (a large tarball may take hours), so without it a store that accepts connections but
// stopped answering would hold its backup InProgress for as long as it stays that way.
inline constexpr std::chrono::minutes kCloudStallTimeout{2};

// The HTTP client settings every provider starts from.
inline http::ClientOptions CloudClientOptions(std::string user_agent) {
  http::ClientOptions options;
  options.user_agent = std::move(user_agent);
  options.stall_timeout = kCloudStallTimeout;
  return options;
}

}  // namespace ark::cloud
