#include "cli/session.h"

#include <iostream>

#include "kube/rest_client.h"

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

Result<std::shared_ptr<kube::RestClient>> Session::Rest() {
  if (!rest_) {
    ARK_ASSIGN_OR_RETURN(auto config, Config());
    // A person waits at the terminal: ride through a blip of a second or two, but say that
    // the API server is unreachable within seconds, as kubectl does, rather than after the
    // server's 30 s budget.
    kube::ClientEnv env;
    env.backoff = {.max_attempts = 0,
                   .initial = std::chrono::milliseconds(200),
                   .cap = std::chrono::milliseconds(1'000),
                   .budget = std::chrono::milliseconds(3'000)};
    ARK_ASSIGN_OR_RETURN(rest_, kube::RestClient::New(config, std::move(env)));
  }
  return rest_;
}

Result<kube::DynamicClient*> Session::Client() {
  if (!client_) {
    ARK_ASSIGN_OR_RETURN(auto rest, Rest());
    client_ = kube::NewDynamicClient(std::move(rest));
  }
  return client_.get();
}

Result<kube::Discovery*> Session::Discovery() {
  if (!discovery_) {
    ARK_ASSIGN_OR_RETURN(auto rest, Rest());
    discovery_ = kube::NewDiscovery(std::move(rest));
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
