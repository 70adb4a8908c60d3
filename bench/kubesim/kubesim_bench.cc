// kubesim_bench URL [--list N] [--creates N] [--clients a,b,c] [--size BYTES]
// Measures, against a running kubesim:
//   creates/s of ~BYTES ConfigMaps with 1, 8 and 32 concurrent keep-alive clients, and
//   the wall time of a full paginated LIST (limit=500) of N such ConfigMaps (best of 3).
// Prints one line per figure.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// As ark's libcurl client behaves: keep-alive, TCP_NODELAY, no Accept-Encoding.
void Configure(httplib::Client& c) {
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  c.set_decompress(false);
  c.set_read_timeout(120, 0);
}

std::string ConfigMap(const std::string& ns, const std::string& name, size_t size) {
  nlohmann::json cm = {
      {"apiVersion", "v1"},
      {"kind", "ConfigMap"},
      {"metadata",
       {{"name", name}, {"namespace", ns}, {"labels", {{"app", "bench"}, {"tier", "web"}}}}},
      {"data", {{"payload", std::string(size, 'x')}}}};
  return cm.dump();
}

bool CreateNamespace(const std::string& url, const std::string& ns) {
  httplib::Client c(url);
  nlohmann::json body = {{"metadata", {{"name", ns}}}};
  auto r = c.Post("/api/v1/namespaces", body.dump(), "application/json");
  return r && (r->status == 201 || r->status == 409);
}

// Creates `count` ConfigMaps named prefix-<i> in `ns` with `clients` threads; returns seconds.
double Create(const std::string& url, const std::string& ns, const std::string& prefix, int count,
              int clients, size_t size) {
  std::atomic<int> next{0}, failures{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      httplib::Client c(url);
      Configure(c);
      std::string path = "/api/v1/namespaces/" + ns + "/configmaps";
      for (int i = next++; i < count; i = next++) {
        auto r =
            c.Post(path, ConfigMap(ns, prefix + "-" + std::to_string(i), size), "application/json");
        if (!r || r->status != 201) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  if (failures > 0) std::fprintf(stderr, "kubesim_bench: %d creates failed\n", failures.load());
  return secs;
}

// Lists every ConfigMap of `ns` in pages of 500; returns seconds and sets *items.
double ListAll(const std::string& url, const std::string& ns, size_t* items, size_t* bytes) {
  httplib::Client c(url);
  Configure(c);
  std::string cont;
  *items = 0;
  *bytes = 0;
  auto start = Clock::now();
  do {
    std::string path = "/api/v1/namespaces/" + ns + "/configmaps?limit=500";
    if (!cont.empty()) path += "&continue=" + cont;
    auto r = c.Get(path);
    if (!r || r->status != 200) {
      std::fprintf(stderr, "kubesim_bench: list failed\n");
      std::exit(1);
    }
    // The client only finds the continue token and counts items (no full JSON parse), so
    // the figure is the server's and the transfer's, not this client's parser.
    const std::string& body = r->body;
    *bytes += body.size();
    size_t head_end = body.find("\"items\":[");
    size_t key = body.find("\"continue\":\"");
    cont.clear();
    if (key != std::string::npos && key < head_end) {
      size_t start = key + 12;
      cont = body.substr(start, body.find('"', start) - start);
    }
    for (size_t pos = body.find("\"resourceVersion\":\"", head_end); pos != std::string::npos;
         pos = body.find("\"resourceVersion\":\"", pos + 1)) {
      ++*items;
    }
  } while (!cont.empty());
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(
        stderr,
        "usage: kubesim_bench URL [--list N] [--creates N] [--clients 1,8,32] [--size BYTES]\n");
    return 2;
  }
  std::string url = argv[1];
  int list_n = 10000, creates = 4000;
  size_t size = 5000;
  std::vector<int> clients = {1, 8, 32};
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--list")
      list_n = std::atoi(value.c_str());
    else if (flag == "--creates")
      creates = std::atoi(value.c_str());
    else if (flag == "--size")
      size = static_cast<size_t>(std::atoi(value.c_str()));
    else if (flag == "--clients") {
      clients.clear();
      size_t pos = 0;
      while (pos <= value.size()) {
        size_t comma = value.find(',', pos);
        if (comma == std::string::npos) comma = value.size();
        clients.push_back(std::atoi(value.substr(pos, comma - pos).c_str()));
        pos = comma + 1;
      }
    }
  }
  for (int c : clients) {
    if (creates == 0) break;
    std::string ns = "create-" + std::to_string(c);
    if (!CreateNamespace(url, ns)) return 1;
    double secs = Create(url, ns, "cm", creates, c, size);
    std::printf("creates clients=%d objects=%d size=%zu: %.2f s, %.0f creates/s\n", c, creates,
                size, secs, creates / secs);
  }
  if (list_n > 0) {
    std::string ns = "list";
    if (!CreateNamespace(url, ns)) return 1;
    double fill = Create(url, ns, "cm", list_n, 32, size);
    std::printf("fill objects=%d clients=32: %.2f s, %.0f creates/s\n", list_n, fill,
                list_n / fill);
    double best = 1e9;
    size_t items = 0, bytes = 0;
    for (int run = 0; run < 3; ++run) best = std::min(best, ListAll(url, ns, &items, &bytes));
    std::printf("list objects=%zu limit=500 bytes=%zu: best of 3 %.3f s (%.0f objects/s)\n", items,
                bytes, best, items / best);
  }
  return 0;
}
