#include "cli/session.h"

#include <iostream>

namespace ark::cli {

Result<kube::RestConfig> Session::Config() {
  if (!config_) {
    kube::LoadOptions options;
    options.kubeconfig = flags_.kubeconfig;
    options.context = flags_.kubecontext;
    ARK_ASSIGN_OR_RETURN(auto config, kube::LoadRestConfig(options));
    config_ = std::move(config);
  }
  return *config_;
}

Result<kube::DynamicClient*> Session::Client() {
  if (!client_) {
    ARK_ASSIGN_OR_RETURN(auto config, Config());
    ARK_ASSIGN_OR_RETURN(client_, kube::NewDynamicClient(config));
  }
  return client_.get();
}

Result<kube::Discovery*> Session::Discovery() {
  if (!discovery_) {
    ARK_ASSIGN_OR_RETURN(auto config, Config());
    ARK_ASSIGN_OR_RETURN(discovery_, kube::NewDiscovery(config));
  }
  return discovery_.get();
}

void ConfirmOrCancel(Session& s, const std::string& cancelled) {
  s.out() << "Are you sure you want to continue (Y/N)? " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer) || (answer != "y" && answer != "Y")) {
    throw CommandError{cancelled, 1};
  }
}

}  // namespace ark::cli
