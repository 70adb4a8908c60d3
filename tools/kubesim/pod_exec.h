#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "kubesim/api_types.h"

namespace ark::kubesim {

// The pods/exec subresource of `pod` (which exists). kubesim has no containers: the
// request's argv (its `command` parameters) runs as a subprocess of kubesim itself, with no
// shell (unless the argv is `sh -c ...`), stdin closed, in the scratch directory
// <exec_dir>/<namespace>/<pod> (created on demand; exec_dir "" = a kubesim-exec directory
// under the system's temp dir). The command runs to its end first; the answer is then
// 101 Switching Protocols (subprotocol v4.channel.k8s.io) with every frame as the body:
// stdout on channel 1, stderr on channel 2, the metav1.Status on channel 3 (Success, or
// Failure/NonZeroExitCode with the exit code as details.causes[ExitCode]), then a close.
// Errors: 400 "container X is not valid for pod Y", 400 for no command, 400 "Upgrade request
// required" for a request without the WebSocket upgrade headers or the v4 subprotocol.
ApiResponse PodExec(const ApiRequest& req, const nlohmann::json& pod, const std::string& exec_dir);

}  // namespace ark::kubesim
