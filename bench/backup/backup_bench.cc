// Measures a whole-cluster backup against a raw paginated LIST of the same resources, in
// separate processes so each reports its own peak RSS. Prints one JSON line per run:
//   backup_bench --kubeconfig K --mode list|backup [--workers 4] [--page-size 500]
//                [--out FILE] [--level 1] [--compression-threads 2] [--log FILE]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "archive/gzip_log_sink.h"
#include "archive/tarball_writer.h"
#include "backup/backup_engine.h"
#include "kube/discovery.h"
#include "kube/dynamic_client.h"
#include "support/bench_process.h"
#include "support/kube_clients.h"
#include "util/allocator_tuning.h"
#include "util/byte_stream.h"
#include "util/log.h"

namespace {

using ark::bench::Die;
using ark::bench::PeakRssMib;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string kubeconfig;
  std::string mode = "backup";
  int workers = 4;
  int64_t page_size = 500;
  std::string out = "/dev/null";
  std::string log = "/dev/null";
  int level = 1;  // the server's default (archive::WriterOptions)
  int compression_threads = 2;
};

Args ParseArgs(int argc, char** argv) {
  Args a;
  ark::bench::ParseFlags(argc, argv,
                         {{"--kubeconfig", &a.kubeconfig},
                          {"--mode", &a.mode},
                          {"--workers", &a.workers},
                          {"--page-size", &a.page_size},
                          {"--out", &a.out},
                          {"--log", &a.log},
                          {"--level", &a.level},
                          {"--compression-threads", &a.compression_threads}});
  if (a.kubeconfig.empty()) Die("--kubeconfig is required");
  if (a.mode != "list" && a.mode != "backup") Die("--mode must be list or backup");
  return a;
}

// The raw baseline: every backupable resource listed across all namespaces, page by page,
// by `workers` threads; each page split into its items (ListRaw), items dropped.
int64_t RawList(ark::kube::DynamicClient& client, ark::kube::Discovery& discovery, const Args& a) {
  auto resources = discovery.PreferredResources();
  if (!resources.ok()) Die(resources.status().ToString());
  std::vector<ark::kube::ApiResource> todo;
  for (const auto& r : *resources) {
    if (r.HasVerb("list") && r.HasVerb("create") && r.HasVerb("get") && r.HasVerb("delete") &&
        r.group != "ark.heptio.com") {
      todo.push_back(r);
    }
  }
  std::atomic<size_t> next{0};
  std::atomic<int64_t> items{0};
  auto worker = [&] {
    for (size_t i = next++; i < todo.size(); i = next++) {
      ark::kube::ListOptions options;
      options.limit = a.page_size;
      ark::Status s = client.ListRaw(todo[i].Gvr(), "", options, [&](ark::kube::RawListPage& page) {
        items += static_cast<int64_t>(page.items.size());
        return ark::Status::Ok();
      });
      if (!s.ok()) Die("listing " + todo[i].GroupResource() + ": " + s.ToString());
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < a.workers; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return items;
}

}  // namespace

int main(int argc, char** argv) {
  ark::TuneAllocatorForStreaming();
  const Args a = ParseArgs(argc, argv);
  ark::bench::KubeClients cluster = ark::bench::ConnectToCluster(a.kubeconfig);
  if (auto warm = cluster.discovery->PreferredResources(); !warm.ok()) {
    Die(warm.status().ToString());
  }

  const auto start = Clock::now();
  int64_t objects = 0;
  int64_t tar_bytes = 0, gz_bytes = 0;
  if (a.mode == "list") {
    objects = RawList(*cluster.client, *cluster.discovery, a);
  } else {
    auto file = ark::OpenFileSink(a.out);
    if (!file.ok()) Die(file.status().ToString());
    // Counts the compressed bytes on their way to the file.
    struct Counting final : ark::ByteSink {
      ark::ByteSink* inner;
      int64_t bytes = 0;
      ark::Status Write(std::string_view d) override {
        bytes += static_cast<int64_t>(d.size());
        return inner->Write(d);
      }
      ark::Status Close() override { return inner->Close(); }
    } sink;
    sink.inner = file->get();
    ark::archive::WriterOptions writer_options;
    writer_options.compression_level = a.level;
    writer_options.compression_threads = a.compression_threads;
    auto tar = ark::archive::NewTarballWriter(sink, writer_options);
    if (!tar.ok()) Die(tar.status().ToString());
    // The backup's log goes where the server sends it: gzipped into a file as it comes.
    auto log_sink = ark::archive::GzipLogSink::OpenFile(a.log);
    if (!log_sink.ok()) Die(log_sink.status().ToString());
    ark::Logger log(**log_sink, ark::LogLevel::kInfo);
    ark::backup::BackupOptions options;
    options.workers = a.workers;
    options.page_size = a.page_size;
    ark::backup::BackupEngine engine(*cluster.client, *cluster.discovery, nullptr, nullptr,
                                     options);
    ark::backup::BackupRequest request;
    request.name = "bench";
    request.namespace_ = "heptio-ark";
    auto outcome = engine.Run(request, **tar, log);
    if (!outcome.ok()) Die(outcome.status().ToString());
    if (auto closed = (*tar)->Close(); !closed.ok()) Die(closed.ToString());
    if (auto closed = (*log_sink)->Close(); !closed.ok()) Die(closed.ToString());
    if (!outcome->errors.empty()) Die("backup errors: " + outcome->errors.front());
    objects = outcome->items_backed_up;
    tar_bytes = (*tar)->uncompressed_bytes();
    gz_bytes = sink.bytes;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "{\"mode\":\"%s\",\"workers\":%d,\"page_size\":%lld,\"level\":%d,\"objects\":%lld,"
      "\"seconds\":%.3f,\"objects_per_s\":%.0f,\"peak_rss_mib\":%.1f,\"tar_bytes\":%lld,"
      "\"gz_bytes\":%lld}\n",
      a.mode.c_str(), a.workers, static_cast<long long>(a.page_size), a.level,
      static_cast<long long>(objects), seconds, objects / seconds, PeakRssMib(),
      static_cast<long long>(tar_bytes), static_cast<long long>(gz_bytes));
  return 0;
}
