// Issue 18's throughput figures, in one process so every figure comes from the same stored
// backup and the same machine state:
//   verify_bench --corpus JSONL --work DIR [--runs 5] [--only MODE]
// Stages a backup of the corpus (the tarball the engine would write, its gzipped log and its
// integrity manifest, as the server stages them), stores it with BackupStore over the local
// object store twice, plain and sealed, then alternates the measurements RUNS times and
// prints one JSON line per measurement: {"mode":..., "run":..., "seconds":..., "bytes":...}.
//
// Modes:
//   download_sha256   GetContents (plain) into a SHA-256 of the bytes: the baseline
//   verify            verify::VerifyBackup (plain, no block store): the figure under test
//   verify_deep       the same with --deep (every object parsed and matched to its path)
//   verify_sealed     VerifyBackup of the sealed copy
//   gunzip, gunzip_sha256, walk, manifest
//                     parts of verify, timed on the gzipped bytes held in memory: gunzip
//                     alone; gunzip and a SHA-256 of every uncompressed byte (what digesting
//                     each entry costs at least); the verifier's own tarball walk (gunzip, tar
//                     framing, digest of the stored bytes) with no per-entry work; reading and
//                     decoding the manifest
//   get_plain/sealed  GetContents into a byte counter: what a restore reads
//   put_plain/sealed  PutBackup of the staged files (contents, log, manifest, metadata)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "api/backup_manifest.h"
#include "archive/gzip_log_sink.h"
#include "archive/gzip_reader.h"
#include "archive/tar_paths.h"
#include "archive/tarball_reader.h"
#include "archive/tarball_writer.h"
#include "cloud/local/local_object_store.h"
#include "corpus/corpus_loader.h"
#include "crypto/keyring.h"
#include "persistence/backup_store.h"
#include "support/bench_process.h"
#include "util/byte_stream.h"
#include "util/sha256.h"
#include "verify/backup_verifier.h"
#include "verify/manifest_builder.h"
#include "verify/tarball_walk.h"

namespace {

using ark::bench::Die;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr char kBackup[] = "bench";

struct Args {
  std::string corpus;
  // A backup bench/backup wrote (the engine's own tarball and log), used instead of one
  // written here from the corpus.
  std::string tarball;
  std::string log;
  std::string work;
  int runs = 5;
  std::string only;  // one mode alone (for a profiler); "" runs them all
};

void Check(const ark::Status& s, const std::string& what) {
  if (!s.ok()) Die(what + ": " + s.ToString());
}

Args ParseArgs(int argc, char** argv) {
  Args a;
  ark::bench::ParseFlags(argc, argv,
                         {{"--corpus", &a.corpus},
                          {"--work", &a.work},
                          {"--runs", &a.runs},
                          {"--only", &a.only},
                          {"--tarball", &a.tarball},
                          {"--log", &a.log}});
  if ((a.corpus.empty() && (a.tarball.empty() || a.log.empty())) || a.work.empty()) {
    Die("usage: verify_bench (--corpus JSONL | --tarball TAR.GZ --log LOG.GZ) --work DIR [--runs "
        "N] [--only MODE]");
  }
  return a;
}

// The baseline's sink: the SHA-256 of the downloaded bytes.
class Sha256Sink final : public ark::ByteSink {
 public:
  ark::Status Write(std::string_view data) override {
    hash_.Update(data);
    return ark::Status::Ok();
  }
  std::string Digest() { return hash_.HexDigest(); }
  int64_t bytes() const { return hash_.bytes(); }

 private:
  ark::Sha256 hash_;
};

// Counts and drops: what reading costs with nothing done to the bytes.
class CountingSink final : public ark::ByteSink {
 public:
  ark::Status Write(std::string_view data) override {
    bytes_ += static_cast<int64_t>(data.size());
    return ark::Status::Ok();
  }
  int64_t bytes() const { return bytes_; }

 private:
  int64_t bytes_ = 0;
};

struct Staged {
  std::string tarball;
  std::string log;
  std::string manifest;
  int64_t tarball_size = 0;
  int64_t log_size = 0;
  int64_t manifest_size = 0;
  int64_t objects = 0;
  int64_t tar_bytes = 0;  // uncompressed
};

// The tarball the backup engine writes for the corpus's objects (same paths, compact JSON as
// listed without `status`, which the engine drops; gzip level 1 on 2 threads as the server
// writes) and a log of one line per item, unless --tarball and --log name a backup already
// written; then the manifest, built from both by the server's own step.
Staged Stage(const Args& args) {
  Staged st{args.work + "/staged.tar.gz", args.work + "/staged-logs.gz",
            args.work + "/staged-manifest.json.gz"};
  if (!args.tarball.empty()) {
    st.tarball = args.tarball;
    st.log = args.log;
    auto source = ark::OpenFileSource(st.tarball);
    Check(source.status(), "opening " + st.tarball);
    auto walk = ark::verify::WalkTarball(**source, [&](const ark::archive::TarEntry& e) {
      st.tar_bytes += static_cast<int64_t>(e.content.size());
      return ark::Status::Ok();
    });
    Check(walk.status(), "reading " + st.tarball);
    Check(walk->defect, "reading " + st.tarball);
    st.objects = walk->entries;
  } else {
    auto sink = ark::OpenFileSink(st.tarball);
    Check(sink.status(), "creating " + st.tarball);
    auto writer = ark::archive::NewTarballWriter(**sink);
    Check(writer.status(), "starting the tarball");
    auto log = ark::archive::GzipLogSink::OpenFile(st.log);
    Check(log.status(), "creating " + st.log);
    std::ifstream in(args.corpus);
    if (!in) Die("cannot read corpus " + args.corpus);
    std::string line;
    int64_t line_no = 0;
    std::unordered_set<std::string> paths;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      json object = json::parse(line, nullptr, false);
      if (object.is_discarded()) Die(args.corpus + ":" + std::to_string(line_no) + ": not JSON");
      auto gvr = ark::bench::CorpusResource(object);
      Check(gvr.status(), args.corpus + ":" + std::to_string(line_no));
      const std::string ns = object["metadata"].value("namespace", "");
      const std::string name = object["metadata"].value("name", "");
      // The generator may repeat a name; an API server would hold one object of it, and so
      // does a backup: the first is kept (--deep checks that each name matches its path).
      const std::string path = ark::archive::ItemPath(gvr->GroupResource(), ns, name);
      if (!paths.insert(path).second) continue;
      object.erase("status");
      Check((*writer)->Add(path, object.dump()), "adding " + path);
      (*log)->Write("level=info msg=\"Backed up item\" path=" + path);
    }
    st.objects = (*writer)->entries();
    st.tar_bytes = (*writer)->uncompressed_bytes();
    Check((*writer)->Close(), "closing the tarball");
    Check((*log)->Close(), "closing the log");
  }
  st.tarball_size = static_cast<int64_t>(std::filesystem::file_size(st.tarball));
  st.log_size = static_cast<int64_t>(std::filesystem::file_size(st.log));
  auto manifest =
      ark::verify::StageManifest({kBackup, json::object(), ""}, st.tarball, st.log, st.manifest);
  Check(manifest.status(), "staging the manifest");
  st.manifest_size = *manifest;
  return st;
}

json Metadata(const std::string& name) {
  return {{"apiVersion", "ark.heptio.com/v1"},
          {"kind", "Backup"},
          {"metadata", {{"name", name}, {"namespace", "heptio-ark"}}},
          {"status", {{"phase", "Completed"}}}};
}

// PutBackup from the staged files, as the server's backup controller calls it.
void Put(ark::persistence::BackupStore& store, const Staged& st, const std::string& name) {
  auto contents = ark::OpenFileSource(st.tarball);
  Check(contents.status(), "opening " + st.tarball);
  auto log = ark::OpenFileSource(st.log);
  Check(log.status(), "opening " + st.log);
  auto manifest_gz = ark::OpenFileSource(st.manifest);
  Check(manifest_gz.status(), "opening " + st.manifest);
  ark::persistence::ManifestUpload manifest{**manifest_gz, st.manifest_size};
  Check(store.PutBackup(name, **contents, st.tarball_size, **log, st.log_size, Metadata(name),
                        &manifest),
        "storing backup " + name);
}

// Wall time, and the CPU time of the whole process (every thread) over the same span: on a
// shared machine the CPU time shows the work done even when the wall time shows the wait.
struct Timing {
  double wall = 0;
  double cpu = 0;
};

double ProcessCpuSeconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

Timing Seconds(const std::function<void()>& fn) {
  const double cpu_start = ProcessCpuSeconds();
  const auto start = Clock::now();
  fn();
  return {std::chrono::duration<double>(Clock::now() - start).count(),
          ProcessCpuSeconds() - cpu_start};
}

void Report(const std::string& mode, int run, Timing t, int64_t bytes) {
  std::printf("{\"mode\":\"%s\",\"run\":%d,\"seconds\":%.4f,\"cpu_seconds\":%.4f,\"bytes\":%lld}\n",
              mode.c_str(), run, t.wall, t.cpu, static_cast<long long>(bytes));
  std::fflush(stdout);
}

void VerifyOnce(ark::persistence::BackupStore& store, bool deep, const std::string& mode, int run) {
  std::optional<ark::Result<ark::verify::VerifyReport>> result;
  const Timing s = Seconds([&] {
    result = ark::verify::VerifyBackup(store, nullptr, kBackup, {.deep = deep}, nullptr);
  });
  Check(result->status(), mode);
  const ark::verify::VerifyReport* report = &**result;
  if (!report->passed() || !report->has_manifest) {
    Die(mode + ": the stored backup did not verify: " +
        (report->problems.empty() ? "no manifest"
                                  : report->problems[0].where + ": " + report->problems[0].what));
  }
  Report(mode, run, s, report->entries);
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv);
  std::filesystem::create_directories(args.work);
  const auto stage_start = Clock::now();
  const Staged st = Stage(args);
  std::printf(
      "{\"mode\":\"staged\",\"objects\":%lld,\"tar_bytes\":%lld,\"gz_bytes\":%lld,\"log_bytes\":%"
      "lld,"
      "\"manifest_bytes\":%lld,\"seconds\":%.2f}\n",
      static_cast<long long>(st.objects), static_cast<long long>(st.tar_bytes),
      static_cast<long long>(st.tarball_size), static_cast<long long>(st.log_size),
      static_cast<long long>(st.manifest_size),
      std::chrono::duration<double>(Clock::now() - stage_start).count());

  ark::cloud::local::LocalObjectStore objects(args.work + "/store");
  auto keys = std::make_shared<ark::crypto::Keyring>("verify_bench");
  Check(keys->Add("bench-key", std::string(ark::crypto::kKeySize, '\x5a')), "adding the bench key");
  Check(keys->SetCurrent("bench-key"), "choosing the bench key");
  ark::persistence::BackupStore plain(objects, "plain");
  ark::persistence::BackupStore sealed(objects, "sealed", "", keys);
  Put(plain, st, kBackup);
  Put(sealed, st, kBackup);

  // The stored tarball, held in memory for the parts that are timed without the store.
  ark::StringSink held;
  Check(plain.GetContents(kBackup, held), "reading the stored tarball");
  const std::string gz = held.Take();

  // Each measurement by name; the pairs the summary compares are neighbours in this list.
  // A deque, never moved on growth: GCC 12 misjudges a vector's moves here (-Warray-bounds).
  std::deque<std::pair<std::string, std::function<void(int)>>> modes;
  modes.emplace_back("download_sha256", [&](int run) {
    Sha256Sink sink;
    const Timing s = Seconds([&] {
      Check(plain.GetContents(kBackup, sink), "download_sha256");
      sink.Digest();
    });
    Report("download_sha256", run, s, sink.bytes());
  });
  modes.emplace_back("verify", [&](int run) { VerifyOnce(plain, false, "verify", run); });
  modes.emplace_back("verify_deep", [&](int run) { VerifyOnce(plain, true, "verify_deep", run); });
  modes.emplace_back("verify_sealed",
                     [&](int run) { VerifyOnce(sealed, false, "verify_sealed", run); });
  modes.emplace_back("gunzip", [&](int run) {
    int64_t out = 0;
    const Timing s = Seconds([&] {
      ark::StringSource source(gz);
      ark::archive::GzipReader gunzip(source, ark::archive::ReaderLimits{}.max_compression_ratio);
      CountingSink sink;
      Check(ark::Copy(gunzip, sink), "gunzip");
      out = sink.bytes();
    });
    Report("gunzip", run, s, out);
  });
  modes.emplace_back("gunzip_sha256", [&](int run) {
    int64_t out = 0;
    const Timing s = Seconds([&] {
      ark::StringSource source(gz);
      ark::archive::GzipReader gunzip(source, ark::archive::ReaderLimits{}.max_compression_ratio);
      Sha256Sink sink;
      Check(ark::Copy(gunzip, sink), "gunzip_sha256");
      sink.Digest();
      out = sink.bytes();
    });
    Report("gunzip_sha256", run, s, out);
  });
  modes.emplace_back("manifest", [&](int run) {
    int64_t entries = 0;
    const Timing s = Seconds([&] {
      ark::StringSink gzipped;
      Check(plain.GetManifest(kBackup, gzipped), "manifest");
      ark::StringSource source(gzipped.Take());
      ark::archive::GzipReader gunzip(source, ark::archive::ReaderLimits{}.max_compression_ratio);
      ark::StringSink text;
      Check(ark::Copy(gunzip, text), "manifest");
      auto manifest = ark::api::DecodeBackupManifest(text.str(), kBackup);
      Check(manifest.status(), "manifest");
      entries = static_cast<int64_t>(manifest->entries.size());
    });
    Report("manifest", run, s, entries);
  });
  modes.emplace_back("walk", [&](int run) {
    int64_t entries = 0;
    const Timing s = Seconds([&] {
      ark::StringSource source(gz);
      auto walk = ark::verify::WalkTarball(
          source, [](const ark::archive::TarEntry&) { return ark::Status::Ok(); });
      Check(walk.status(), "walk");
      Check(walk->defect, "walk");
      entries = walk->entries;
    });
    Report("walk", run, s, entries);
  });
  for (const bool do_sealed : {false, true}) {
    const std::string mode = do_sealed ? "get_sealed" : "get_plain";
    modes.emplace_back(mode, [&, do_sealed, mode](int run) {
      CountingSink sink;
      const Timing s =
          Seconds([&] { Check((do_sealed ? sealed : plain).GetContents(kBackup, sink), mode); });
      Report(mode, run, s, sink.bytes());
    });
  }
  for (const bool do_sealed : {false, true}) {
    const std::string mode = do_sealed ? "put_sealed" : "put_plain";
    modes.emplace_back(mode, [&, do_sealed, mode](int run) {
      ark::persistence::BackupStore& store = do_sealed ? sealed : plain;
      const std::string name = "put-" + std::to_string(run);
      const Timing s = Seconds([&] { Put(store, st, name); });
      Report(mode, run, s, st.tarball_size);
      Check(store.DeleteBackup(name), "deleting " + name);
    });
  }
  if (!args.only.empty() && std::none_of(modes.begin(), modes.end(),
                                         [&](const auto& m) { return m.first == args.only; })) {
    Die("unknown mode " + args.only);
  }

  for (int run = 1; run <= args.runs; ++run) {
    // Even runs go through the list backwards, so neither side of a pair always finds the
    // caches the other warmed.
    for (size_t k = 0; k < modes.size(); ++k) {
      const auto& [name, measure] = modes[run % 2 == 0 ? modes.size() - 1 - k : k];
      if (args.only.empty() || args.only == name) measure(run);
    }
  }
  return 0;
}
