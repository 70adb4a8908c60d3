#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/process.h"

namespace ark::testing {

struct KubesimOptions {
  bool tls = false;
  std::string token = "";                    // required bearer token; "" = none
  std::vector<std::string> extra_args = {};  // e.g. {"--compaction-window-seconds", "1"}
};

// A kubesim process (ARK_BINARY_DIR/tools/kubesim/kubesim) on a free port of 127.0.0.1 with
// its kubeconfig in a temp dir; stopped (SIGTERM) by Stop() or the destructor.
//
//   auto sim = Kubesim::Start({.tls = true, .token = "t0ken"});
//   ASSERT_NE(sim, nullptr);
//   Run({"kubectl", "--kubeconfig", sim->kubeconfig(), "get", "ns"});
class Kubesim {
 public:
  // Starts kubesim and waits (up to 30 s) for its "listening on" line. Returns nullptr and
  // records a gtest failure (with kubesim's stderr) when it does not come up.
  static std::unique_ptr<Kubesim> Start(const KubesimOptions& options = {});
  ~Kubesim();

  // "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT".
  const std::string& url() const { return url_; }
  // Path of the kubeconfig kubesim wrote (cluster, token user, context "kubesim").
  const std::string& kubeconfig() const { return kubeconfig_; }
  // PEM of the CA that signed the server certificate ("" without TLS).
  std::string ca_pem() const;
  const std::string& token() const { return token_; }
  // Stops the process (SIGTERM, which saves --data-dir state); returns its exit status.
  int Stop();
  BackgroundProcess& process() { return *process_; }

 private:
  Kubesim() = default;
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<BackgroundProcess> process_;
  std::string url_;
  std::string kubeconfig_;
  std::string token_;
  bool stopped_ = false;
};

}  // namespace ark::testing
