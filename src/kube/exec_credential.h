#pragma once

#include <optional>
#include <string>

#include "kube/rest_config.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::kube {

// What an exec credential plugin returned (ExecCredential.status).
struct ExecCredential {
  std::string token;
  std::string client_certificate_data;
  std::string client_key_data;
  std::optional<Clock::TimePoint> expiry;  // absent: valid until the server says 401
};

// Runs the plugin as kubectl does: the command (looked up on PATH when it has no '/'), its
// args, the process environment plus the configured env and KUBERNETES_EXEC_INFO (an
// ExecCredential with spec.interactive=false), stdin from /dev/null. Its stdout must be an
// ExecCredential of the configured apiVersion (client.authentication.k8s.io/v1 or v1beta1).
// Errors name the command and quote what went wrong (exit code, first line of stderr, the
// field at fault) but never the token.
Result<ExecCredential> RunExecPlugin(const ExecConfig& config);

}  // namespace ark::kube
