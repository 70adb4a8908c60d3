// Measures a restore of a generated corpus against raw parallel creates of the same objects,
// each in its own process (so peak RSS is its own) against a fresh kubesim. Prints one JSON
// line per run:
//   restore_bench --mode tarball --corpus C.jsonl --out B.tar.gz
//   restore_bench --mode raw     --corpus C.jsonl --kubeconfig K [--workers 8]
//   restore_bench --mode restore --tarball B.tar.gz --kubeconfig K [--workers 8] [--work-dir D]
//                 [--namespaces NS]   (only NS: the rest is read, spooled and filtered out)
// "raw" creates exactly what the restore creates (every object SkipReason keeps: the corpus
// holds no owner whose controller would make its Pods again; through
// the same per-kind rewrite; a Service whose kept addresses are taken once more without them),
// namespaces first, with a bounded pool of `workers` threads and no tiers, spooling or checks.
#include <dirent.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "archive/gzip_log_sink.h"
#include "archive/tar_paths.h"
#include "archive/tarball_writer.h"
#include "kube/dynamic_client.h"
#include "restore/item_rewriter.h"
#include "restore/restore_engine.h"
#include "support/bench_process.h"
#include "support/kube_clients.h"
#include "util/allocator_tuning.h"
#include "util/byte_stream.h"
#include "util/log.h"
#include "util/worker_pool.h"

namespace {

namespace kube = ark::kube;
using ark::bench::Die;
using ark::bench::PeakRssMib;
using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

struct Args {
  std::string mode, corpus, tarball, out, kubeconfig, work_dir = "/tmp";
  std::string namespaces;  // restore only this namespace ("" = all)
  int workers = 8;
};

Args ParseArgs(int argc, char** argv) {
  Args a;
  ark::bench::ParseFlags(argc, argv,
                         {{"--mode", &a.mode},
                          {"--corpus", &a.corpus},
                          {"--tarball", &a.tarball},
                          {"--out", &a.out},
                          {"--kubeconfig", &a.kubeconfig},
                          {"--workers", &a.workers},
                          {"--work-dir", &a.work_dir},
                          {"--namespaces", &a.namespaces}});
  if (a.mode != "tarball" && a.mode != "raw" && a.mode != "restore") {
    Die("--mode must be tarball, raw or restore");
  }
  return a;
}

int OpenFds() {
  int n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d) != nullptr) ++n;
    closedir(d);
  }
  return n - 3;  // ".", ".." and the directory's own descriptor
}

// Samples the number of open file descriptors every 5 ms while alive.
class FdSampler {
 public:
  FdSampler()
      : thread_([this] {
          while (!stop_) {
            int n = OpenFds();
            int cur = max_.load();
            while (n > cur && !max_.compare_exchange_weak(cur, n)) {
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
          }
        }) {}
  ~FdSampler() { Stop(); }
  int Stop() {
    if (!stop_.exchange(true)) thread_.join();
    return max_.load();
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> max_{0};
  std::thread thread_;
};

std::string GroupResource(const Json& obj) {
  const std::string kind = obj.value("kind", "");
  if (kind == "Pod") return "pods";
  if (kind == "ConfigMap") return "configmaps";
  if (kind == "Secret") return "secrets";
  if (kind == "Service") return "services";
  if (kind == "Deployment") return "deployments.apps";
  Die("unexpected kind " + kind);
}

kube::GroupVersionResource Gvr(const std::string& gr) {
  if (gr == "deployments.apps") return {"apps", "v1", "deployments"};
  return {"", "v1", gr};
}

void WriteTarball(const Args& a) {
  std::ifstream in(a.corpus);
  if (!in) Die("cannot read " + a.corpus);
  auto sink = ark::OpenFileSink(a.out);
  if (!sink.ok()) Die(sink.status().ToString());
  auto writer = ark::archive::NewTarballWriter(**sink);
  if (!writer.ok()) Die(writer.status().ToString());
  std::set<std::string> namespaces;
  std::string line;
  int64_t n = 0;
  while (std::getline(in, line)) {
    Json obj = Json::parse(line);
    obj.erase("status");  // as Ark writes items
    const std::string ns = obj["metadata"].value("namespace", "");
    if (!ns.empty() && namespaces.insert(ns).second) {
      Json nso = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}};
      if (!(*writer)->Add(ark::archive::ItemPath("namespaces", "", ns), nso.dump()).ok())
        Die("add");
      ++n;
    }
    const std::string path =
        ark::archive::ItemPath(GroupResource(obj), ns, obj["metadata"].value("name", ""));
    ark::Status s = (*writer)->Add(path, obj.dump());
    if (!s.ok()) Die(s.ToString());
    ++n;
  }
  if (!(*writer)->Close().ok()) Die("closing the tarball");
  std::cout << "{\"mode\":\"tarball\",\"items\":" << n << "}\n";
}

// The namespace a corpus line's object lives in ("" for none), found without parsing.
std::string LineNamespace(const std::string& line) {
  const size_t at = line.find("\"namespace\":\"");
  if (at == std::string::npos) return "";
  return line.substr(at + 13, line.find('"', at + 13) - at - 13);
}

void RawCreates(const Args& a) {
  ark::bench::KubeClients c = ark::bench::ConnectToCluster(a.kubeconfig);
  FdSampler fds;
  const auto start = SteadyClock::now();
  std::atomic<int64_t> created{0}, failed{0};
  // The first failed create, reported so a failing run says why (the restore reports its own).
  std::mutex first_failure_mu;
  std::string first_failure;  // guarded by first_failure_mu
  auto count = [&](const ark::Status& status, const std::string& what) {
    if (status.ok()) {
      ++created;
      return;
    }
    ++failed;
    std::lock_guard<std::mutex> lock(first_failure_mu);
    if (first_failure.empty()) first_failure = what + ": " + status.ToString();
  };
  {
    ark::WorkerPool pool(a.workers, a.workers * 4);
    // Namespaces first, as the restore does.
    std::set<std::string> namespaces;
    std::ifstream scan(a.corpus);
    if (!scan) Die("cannot read " + a.corpus);
    std::string line;
    while (std::getline(scan, line)) {
      std::string ns = LineNamespace(line);
      if (ns.empty() || !namespaces.insert(ns).second) continue;
      pool.Submit([&, ns] {
        Json nso = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}};
        count(c.client->Create(Gvr("namespaces"), "", nso).status(), "namespace " + ns);
      });
    }
    pool.Wait();
    std::ifstream in(a.corpus);
    while (std::getline(in, line)) {
      pool.Submit([&, line] {
        Json obj = Json::parse(line);
        const std::string gr = GroupResource(obj);
        if (ark::restore::SkipReason(gr, obj)) return;
        const std::string ns = obj["metadata"].value("namespace", "");
        ark::restore::RewriteForRestore(gr, ns, "raw", obj);
        const std::string name = obj["metadata"].value("name", "");
        ark::Status status = c.client->Create(Gvr(gr), ns, obj).status();
        // As the restore does (ItemRestorer::RetryWithAllocatedAddresses): a Service refused
        // for a kept node port or cluster IP that another Service already took is created
        // once more with the addresses left to the cluster, so both sides create the same
        // objects (the restore also reads the Service first, to tell a taken address from an
        // object that exists).
        if (status.code() == ark::Code::kInvalidArgument && gr == "services" &&
            ark::restore::DropServiceAddresses(obj)) {
          status = c.client->Create(Gvr(gr), ns, obj).status();
        }
        count(status, gr + " " + ns + "/" + name);
      });
    }
    pool.Wait();
  }
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (failed > 0) {
    std::cerr << "raw: " << failed << " creates failed, the first: " << first_failure << "\n";
  }
  std::cout << "{\"mode\":\"raw\",\"seconds\":" << seconds << ",\"created\":" << created
            << ",\"failed\":" << failed << ",\"objects_per_s\":" << created / seconds
            << ",\"peak_rss_mib\":" << PeakRssMib() << ",\"max_open_fds\":" << fds.Stop()
            << ",\"workers\":" << a.workers << "}\n";
}

void Restore(const Args& a) {
  ark::bench::KubeClients c = ark::bench::ConnectToCluster(a.kubeconfig);
  auto source = ark::OpenFileSource(a.tarball);
  if (!source.ok()) Die(source.status().ToString());
  // The restore's log goes where the server sends it: gzipped into a file as it comes.
  const std::string log_path = a.work_dir + "/bench-restore-logs.gz";
  auto log_sink = ark::archive::GzipLogSink::OpenFile(log_path);
  if (!log_sink.ok()) Die(log_sink.status().ToString());
  ark::Logger log(**log_sink, ark::LogLevel::kInfo);
  ark::restore::EngineOptions options;
  options.workers = a.workers;
  options.work_dir = a.work_dir;
  ark::restore::RestoreEngine engine(*c.client, *c.discovery, nullptr, options);
  ark::restore::RestoreRequest request;
  request.name = "bench";
  if (!a.namespaces.empty()) request.included_namespaces = {a.namespaces};
  FdSampler fds;
  const auto start = SteadyClock::now();
  auto outcome = engine.Run(request, **source, ark::restore::BackupInfo{}, log);
  if (auto closed = (*log_sink)->Close(); !closed.ok()) Die(closed.ToString());
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (!outcome.ok()) Die(outcome.status().ToString());
  std::remove(log_path.c_str());
  const ark::restore::Counts& k = outcome->counts;
  const int64_t created = k.created + k.namespaces_created;
  std::cout << "{\"mode\":\"restore\",\"seconds\":" << seconds << ",\"phase\":\""
            << ark::restore::PhaseName(outcome->phase) << "\",\"items\":" << k.archive_items
            << ",\"created\":" << created << ",\"skipped\":" << k.skipped
            << ",\"failed\":" << k.failed << ",\"objects_per_s\":" << created / seconds
            << ",\"peak_rss_mib\":" << PeakRssMib() << ",\"max_open_fds\":" << fds.Stop()
            << ",\"workers\":" << a.workers << "}\n";
}

}  // namespace

int main(int argc, char** argv) {
  ark::TuneAllocatorForStreaming();
  Args a = ParseArgs(argc, argv);
  if (a.mode == "tarball") WriteTarball(a);
  if (a.mode == "raw") RawCreates(a);
  if (a.mode == "restore") Restore(a);
  return 0;
}
