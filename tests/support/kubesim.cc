#include "support/kubesim.h"

#include <gtest/gtest.h>

#include <csignal>

#include "util/base64.h"

namespace ark::testing {

std::unique_ptr<Kubesim> Kubesim::Start(const KubesimOptions& options) {
  std::unique_ptr<Kubesim> sim(new Kubesim());
  sim->dir_ = std::make_unique<TempDir>();
  sim->kubeconfig_ = sim->dir_->File("kubeconfig");
  sim->token_ = options.token;
  std::vector<std::string> argv = {ARK_BINARY_DIR "/tools/kubesim/kubesim", "--port", "0",
                                   "--kubeconfig-out", sim->kubeconfig_};
  if (options.tls) argv.push_back("--tls");
  if (!options.token.empty()) {
    argv.push_back("--token");
    argv.push_back(options.token);
  }
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  sim->process_ = BackgroundProcess::Start(argv);
  if (!sim->process_) {
    ADD_FAILURE() << "kubesim could not be started from " << argv[0];
    return nullptr;
  }
  std::string line = sim->process_->WaitForOutput("kubesim listening on ");
  if (line.empty()) {
    ADD_FAILURE() << "kubesim did not come up; stderr:\n" << sim->process_->Stderr();
    return nullptr;
  }
  sim->url_ = line.substr(line.find("listening on ") + 13);
  while (!sim->url_.empty() && (sim->url_.back() == '\n' || sim->url_.back() == '\r')) {
    sim->url_.pop_back();
  }
  return sim;
}

std::string Kubesim::ca_pem() const {
  std::string config = ReadFile(kubeconfig_);
  const std::string key = "certificate-authority-data: ";
  size_t pos = config.find(key);
  if (pos == std::string::npos) return "";
  size_t end = config.find('\n', pos);
  return Base64Decode(config.substr(pos + key.size(), end - pos - key.size())).value_or("");
}

int Kubesim::Stop() {
  if (stopped_ || !process_) return 0;
  stopped_ = true;
  return process_->Stop(SIGTERM);
}

Kubesim::~Kubesim() { Stop(); }

}  // namespace ark::testing
