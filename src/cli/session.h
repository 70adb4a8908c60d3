#pragma once

#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "kube/rest_config.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::cli {

// Flags every command shares.
struct GlobalFlags {
  std::string kubeconfig;         // --kubeconfig
  std::string kubecontext;        // --kubecontext
  std::string ns = "heptio-ark";  // -n/--namespace
};

// What a command may touch: its output streams, the clock and the API server (connected on
// first use, so `ark version` and flag errors need no cluster).
class Session {
 public:
  Session(GlobalFlags flags, std::ostream& out, std::ostream& err, const Clock& clock)
      : flags_(std::move(flags)), out_(out), err_(err), clock_(clock) {}

  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  const Clock& clock() const { return clock_; }
  const GlobalFlags& flags() const { return flags_; }
  GlobalFlags& mutable_flags() { return flags_; }
  const std::string& ns() const { return flags_.ns; }

  Result<kube::RestConfig> Config();
  Result<kube::DynamicClient*> Client();
  Result<kube::Discovery*> Discovery();

 private:
  // The one connection to the API server that Client() and Discovery() share.
  Result<std::shared_ptr<kube::RestClient>> Rest();

  GlobalFlags flags_;
  std::ostream& out_;
  std::ostream& err_;
  const Clock& clock_;
  std::optional<kube::RestConfig> config_;
  std::shared_ptr<kube::RestClient> rest_;
  std::unique_ptr<kube::DynamicClient> client_;
  std::unique_ptr<kube::Discovery> discovery_;
};

// The error a command ends with: printed as "An error occurred: <message>" and exit code 1.
struct CommandError {
  std::string message;
  int exit_code = 1;
};

// For a delete without --confirm: asks "Are you sure you want to continue (Y/N)?" on `s.out()`
// and reads the answer from stdin; anything but y/Y (or no input) throws CommandError with
// `cancelled`.
void ConfirmOrCancel(Session& s, const std::string& cancelled);

}  // namespace ark::cli
