#include "kube/rest_config.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "kube/kubeconfig.h"
#include "util/ascii.h"

namespace ark::kube {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

Result<RestConfig> InCluster(
    const LoadOptions& options,
    const std::function<std::optional<std::string>(std::string_view)>& env) {
  auto host = env("KUBERNETES_SERVICE_HOST");
  auto port = env("KUBERNETES_SERVICE_PORT");
  if (!host || host->empty() || !port || port->empty()) {
    return NotFound(
        "no Kubernetes configuration: no --kubeconfig, $KUBECONFIG or ~/.kube/config, and not "
        "in a cluster (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT unset)");
  }
  const std::string dir = options.service_account_dir;
  RestConfig config;
  std::string h = *host;
  if (h.find(':') != std::string::npos) h = "[" + h + "]";  // IPv6
  config.server = "https://" + h + ":" + *port;
  config.token_file = dir + "/token";
  if (!Exists(config.token_file)) {
    return NotFound("in-cluster configuration: service-account token " + config.token_file +
                    " does not exist");
  }
  if (Exists(dir + "/ca.crt")) config.tls.ca_file = dir + "/ca.crt";
  std::ifstream ns(dir + "/namespace");
  if (ns) {
    std::stringstream s;
    s << ns.rdbuf();
    config.namespace_ = TrimAsciiSpace(s.str());
  }
  config.context = "in-cluster";
  return config;
}

}  // namespace

Result<RestConfig> LoadRestConfig(const LoadOptions& options) {
  auto env =
      options.getenv ? options.getenv : [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
  std::vector<std::string> files;
  bool explicit_files = false;
  if (!options.kubeconfig.empty()) {
    files.push_back(options.kubeconfig);
    explicit_files = true;
  } else if (auto list = env("KUBECONFIG"); list && !list->empty()) {
    std::stringstream s(*list);
    std::string part;
    while (std::getline(s, part, ':')) {
      if (!part.empty()) files.push_back(part);
    }
  } else if (auto home = env("HOME"); home && !home->empty() && Exists(*home + "/.kube/config")) {
    files.push_back(*home + "/.kube/config");
  }
  if (files.empty()) return InCluster(options, env);

  Kubeconfig merged;
  for (const auto& file : files) {
    Status status = MergeKubeconfigFile(file, &merged);
    // Like kubectl, a missing file in $KUBECONFIG is skipped; --kubeconfig must exist.
    if (status.code() == Code::kNotFound && !explicit_files) continue;
    ARK_RETURN_IF_ERROR(status);
  }
  if (merged.contexts.empty()) {
    std::string names;
    for (const auto& f : files) names += (names.empty() ? "" : ", ") + f;
    return InvalidArgument("kubeconfig " + names + ": no contexts defined");
  }
  return RestConfigFromKubeconfig(merged, options.context);
}

}  // namespace ark::kube
