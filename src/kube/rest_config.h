#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/client.h"
#include "util/result.h"

namespace ark::kube {

// An exec credential plugin from a kubeconfig user (client.authentication.k8s.io v1/v1beta1).
struct ExecConfig {
  std::string api_version;
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
};

// Everything needed to talk to one API server, resolved from a kubeconfig or in-cluster.
struct RestConfig {
  std::string server;  // "https://127.0.0.1:6443"
  http::TlsOptions tls;
  std::string bearer_token;
  std::string token_file;  // re-read when it changes (service-account token rotation)
  std::string username;    // basic auth
  std::string password;
  std::optional<ExecConfig> exec;
  std::string namespace_;  // the context's namespace, "" when unset
  std::string context;     // the context's name, for messages
  double qps = 0;          // client-side rate limit; 0 = the client's default
  int burst = 0;           // 0 = one second's worth of qps (kube::BurstFor)
  std::chrono::milliseconds timeout{0};
};

// Where configuration comes from, as kubectl resolves it: --kubeconfig, else $KUBECONFIG
// (several files joined by ':' and merged, first wins), else ~/.kube/config, else in-cluster
// ($KUBERNETES_SERVICE_HOST/PORT with the service-account token and CA).
struct LoadOptions {
  std::string kubeconfig;                                              // --kubeconfig
  std::string context;                                                 // --context / --kubecontext
  std::function<std::optional<std::string>(std::string_view)> getenv;  // default: std::getenv
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
};

// Errors name the file, context and field at fault, never a credential.
Result<RestConfig> LoadRestConfig(const LoadOptions& options);

}  // namespace ark::kube
