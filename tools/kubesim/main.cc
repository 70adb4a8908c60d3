// kubesim: an in-memory Kubernetes API server for tests, benchmarks and the demo.
// Usage: kubesim --port 0 --kubeconfig-out FILE [--address 127.0.0.1] [--tls]
//                [--token TOKEN] [--anonymous-auth=false] [--data-dir DIR]
//                [--exec-dir DIR] [--compaction-window-seconds N]
// Prints "kubesim listening on <url>" as its first stdout line once it accepts requests.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "kubesim/api_server.h"
#include "kubesim/http_frontend.h"
#include "kubesim/kubeconfig.h"
#include "kubesim/namespace_controller.h"
#include "kubesim/persistence.h"
#include "kubesim/tls.h"

namespace {

int Fail(const std::string& msg) {
  std::cerr << "kubesim: " << msg << std::endl;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ark::kubesim;
  CLI::App app{"kubesim: an in-memory Kubernetes API server for tests (not a cluster)"};
  int port = 0;
  std::string address = "127.0.0.1", kubeconfig_out, token, data_dir, exec_dir;
  bool tls = false;
  bool anonymous_auth = true;
  int compaction_window = 0;
  size_t threads = 128, watch_history = 100000;
  app.add_option("--port", port, "TCP port; 0 picks a free one")->default_val(0);
  app.add_option("--address", address, "address to listen on")->default_val("127.0.0.1");
  app.add_option("--kubeconfig-out", kubeconfig_out, "write a kubeconfig for this server here");
  app.add_flag("--tls", tls, "serve HTTPS with a CA and certificate generated at start");
  app.add_option("--token", token, "require this bearer token");
  app.add_option("--anonymous-auth", anonymous_auth,
                 "with --token: requests without credentials are system:anonymous (403 but for "
                 "/healthz, /livez, /readyz, /version), or 401 when false")
      ->default_val(true);
  app.add_option("--data-dir", data_dir, "load state from and save it to this directory");
  app.add_option("--exec-dir", exec_dir,
                 "pods/exec runs commands on this host in <dir>/<namespace>/<pod> "
                 "(default: <data-dir>/exec, else <tmp>/kubesim-exec)");
  app.add_option("--compaction-window-seconds", compaction_window,
                 "continue tokens and watch history older than this expire (410); 0 = never");
  app.add_option("--threads", threads, "HTTP worker threads (open connections + watches)");
  app.add_option("--watch-history", watch_history, "events kept for watch resumption");
  CLI11_PARSE(app, argc, argv);
  if (compaction_window < 0) return Fail("--compaction-window-seconds must be >= 0");

  // Signals are taken by sigwait below; every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const ark::Clock& clock = ark::SystemClock();
  std::string error;
  std::unique_ptr<ResourceRegistry> registry = ResourceRegistry::NewBuiltin(&error);
  if (!registry) return Fail(error);
  WatchHub hub(clock, watch_history, std::chrono::seconds(compaction_window));
  Store store(hub);
  MetaSource meta(clock);
  // The CA is published in every namespace's kube-root-ca.crt ConfigMap, so it is made
  // (cheaply: EC P-256) without --tls too; only --tls serves with its certificate.
  auto tls_material = TlsMaterial::Generate();
  if (!tls_material.ok()) return Fail(tls_material.status().ToString());
  Objects objects(*registry, store, meta, (*tls_material)->ca_pem());
  std::unique_ptr<Persistence> persistence;
  if (!data_dir.empty()) {
    persistence = std::make_unique<Persistence>(objects, data_dir, std::chrono::seconds(2));
    if (ark::Status s = persistence->Load(); !s.ok()) return Fail(s.ToString());
  }
  ApiServerOptions api_options;
  api_options.access.token = token;
  api_options.access.anonymous_auth = anonymous_auth;
  api_options.exec_dir = !exec_dir.empty()   ? exec_dir
                         : !data_dir.empty() ? data_dir + "/exec"
                                             : std::string();
  api_options.compaction_window = std::chrono::seconds(compaction_window);
  ApiServer api(clock, objects, hub, api_options);
  api.Bootstrap();
  NamespaceController namespaces(objects, std::chrono::milliseconds(100));
  if (persistence) persistence->StartBackground();

  HttpOptions http;
  http.address = address;
  http.port = port;
  http.threads = threads;
  http.tls = tls ? (*tls_material).get() : nullptr;
  auto frontend = HttpFrontend::Start(api, http);
  if (!frontend.ok()) return Fail(frontend.status().ToString());
  if (!kubeconfig_out.empty()) {
    ark::Status s = WriteKubeconfig(kubeconfig_out, (*frontend)->url(),
                                    tls ? (*tls_material)->ca_pem() : "", token);
    if (!s.ok()) return Fail(s.ToString());
  }
  std::cout << "kubesim listening on " << (*frontend)->url() << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "kubesim: signal " << sig << ", shutting down" << std::endl;
  hub.Shutdown();
  (*frontend)->Stop();
  if (persistence) {
    if (ark::Status s = persistence->Save(); !s.ok()) return Fail(s.ToString());
  }
  return 0;
}
