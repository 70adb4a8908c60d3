#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "kube/rest_config.h"
#include "util/result.h"

namespace ark::kube {

// One command to run in a container of a pod (the pods/exec subresource).
struct ExecRequest {
  std::string ns;
  std::string pod;
  std::string container;  // required: the API server needs it for multi-container pods
  std::vector<std::string> command;
  std::chrono::milliseconds timeout{30'000};  // for the whole exchange, connect included
};

// What the command did. A command that ran and exited non-zero is a result, not an error.
struct ExecResult {
  std::string out;  // stdout
  std::string err;  // stderr
  int exit_code = 0;
};

// Runs commands in containers. Implementations are safe to call from many threads at once.
class PodExecutor {
 public:
  virtual ~PodExecutor() = default;
  // Errors, each naming the pod and container (never a credential):
  //   the pod does not exist -> kNotFound; the container is not in the pod -> kInvalidArgument;
  //   403 -> kPermissionDenied; 401 -> kUnauthenticated;
  //   the timeout passed -> kDeadlineExceeded "... timed out after 30s";
  //   a connection, TLS or protocol failure -> kUnavailable;
  //   the server reported a failure other than an exit code -> kInternal with its message.
  virtual Result<ExecResult> Exec(const ExecRequest& request) = 0;
};

// The API server's pods/exec over WebSocket (RFC 6455), subprotocol v4.channel.k8s.io:
// libcurl opens the connection (TCP, TLS with the config's CA and client certificate) with
// CURLOPT_CONNECT_ONLY; the upgrade request and the frames are ours. Authenticates as
// RestClient does (bearer token, token file, exec plugin, basic auth). One connection per Exec.
Result<std::unique_ptr<PodExecutor>> NewWebSocketPodExecutor(const RestConfig& config);

}  // namespace ark::kube
