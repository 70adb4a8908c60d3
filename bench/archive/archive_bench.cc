// Tarball writer and reader throughput over a corpus from shared/tools/gen-k8s-corpus.py
// --stream (one compact JSON object per line).
//   archive_bench CORPUS.jsonl [repetitions]
// Prints, per compression thread count, the writer's MB/s of JSON in (best of the
// repetitions), the compressed size, and the reader's MB/s of JSON out for that tarball.
// Objects are loaded into memory first; only Add/Close and Next are timed.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "archive/tar_paths.h"
#include "archive/tarball_reader.h"
#include "archive/tarball_writer.h"

namespace {

struct Item {
  std::string path;
  std::string json;
};

std::string GroupResource(const nlohmann::json& o) {
  std::string kind = o.value("kind", "");
  std::string api = o.value("apiVersion", "v1");
  std::string plural;
  for (char c : kind)
    plural.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  plural += plural.ends_with("s") ? "es" : "s";
  size_t slash = api.find('/');
  return slash == std::string::npos ? plural : plural + "." + api.substr(0, slash);
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS.jsonl [repetitions]\n", argv[0]);
    return 2;
  }
  int reps = argc > 2 ? std::atoi(argv[2]) : 3;
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "archive_bench: cannot open %s\n", argv[1]);
    return 1;
  }
  std::vector<Item> items;
  int64_t json_bytes = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    nlohmann::json o = nlohmann::json::parse(line);
    o.erase("status");
    const auto& md = o["metadata"];
    Item it{
        ark::archive::ItemPath(GroupResource(o), md.value("namespace", ""), md.value("name", "")),
        o.dump()};
    json_bytes += static_cast<int64_t>(it.json.size());
    items.push_back(std::move(it));
  }
  std::printf("corpus: %zu objects, %.1f MB of JSON\n", items.size(), json_bytes / 1e6);

  for (int threads : {1, 2}) {
    double best_write = 1e30;
    std::string tarball;
    for (int r = 0; r < reps; ++r) {
      ark::StringSink sink;
      auto start = std::chrono::steady_clock::now();
      auto writer = ark::archive::NewTarballWriter(sink, {.compression_threads = threads});
      for (const Item& it : items) {
        if (!(*writer)->Add(it.path, it.json).ok()) return 1;
      }
      if (!(*writer)->Close().ok()) return 1;
      best_write = std::min(best_write, Seconds(std::chrono::steady_clock::now() - start));
      tarball = sink.Take();
    }
    double best_read = 1e30;
    for (int r = 0; r < reps; ++r) {
      ark::StringSource source(tarball);
      auto start = std::chrono::steady_clock::now();
      auto reader = ark::archive::NewTarballReader(source);
      int64_t n = 0;
      while (true) {
        auto e = (*reader)->Next();
        if (!e.ok()) {
          std::fprintf(stderr, "read: %s\n", e.status().ToString().c_str());
          return 1;
        }
        if (!e->has_value()) break;
        ++n;
      }
      if (n != static_cast<int64_t>(items.size())) return 1;
      best_read = std::min(best_read, Seconds(std::chrono::steady_clock::now() - start));
    }
    std::printf(
        "threads=%d  write %.1f MB/s (%.2f s)  tarball %.1f MB (ratio %.1f)  read %.1f MB/s (%.2f "
        "s)\n",
        threads, json_bytes / 1e6 / best_write, best_write, tarball.size() / 1e6,
        static_cast<double>(json_bytes) / tarball.size(), json_bytes / 1e6 / best_read, best_read);
  }
  return 0;
}
