// List and create throughput of kube::DynamicClient against an API server (kubesim), beside
// the same requests sent by a raw libcurl loop (no JSON parsing, no retries, no auth
// provider): the transport's ceiling. Each figure is the median of --rounds runs, ours and
// raw alternating.
//
//   kube_bench --kubeconfig FILE [--objects 10000] [--page-size 500] [--creates 2000]
//              [--rounds 5]
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "kube/dynamic_client.h"
#include "kube/rest_config.h"

namespace {

using ark::kube::DynamicClient;
using ark::kube::GroupVersionResource;
using ark::kube::Json;
using Clock = std::chrono::steady_clock;

const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
const GroupVersionResource kNamespaces{"", "v1", "namespaces"};

struct Args {
  std::string kubeconfig;
  int objects = 10'000;
  int page_size = 500;
  int creates = 2'000;
  int rounds = 5;
};

Json ConfigMap(const std::string& ns, const std::string& name) {
  Json data = Json::object();
  for (int i = 0; i < 8; ++i) data["key-" + std::to_string(i)] = std::string(120, 'a' + i);
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata",
           {{"name", name}, {"namespace", ns}, {"labels", {{"app", "bench"}, {"tier", "x"}}}}},
          {"data", data}};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// A raw libcurl client: one easy handle per thread, kept alive.
class Raw {
 public:
  Raw(const ark::kube::RestConfig& config) : config_(config) {}

  CURL* Handle() {
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    if (!config_.tls.ca_data.empty()) {
      curl_blob blob{const_cast<char*>(config_.tls.ca_data.data()), config_.tls.ca_data.size(),
                     CURL_BLOB_COPY};
      curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
    }
    return h;
  }

  curl_slist* Headers(bool json_body) const {
    curl_slist* list = nullptr;
    if (!config_.bearer_token.empty()) {
      list = curl_slist_append(list, ("Authorization: Bearer " + config_.bearer_token).c_str());
    }
    list = curl_slist_append(list, "Accept: application/json");
    if (json_body) {
      list = curl_slist_append(list, "Content-Type: application/json");
      // As the client does: no 100-continue round trip before a body (libcurl asks for one
      // above 1 KiB, and waits for it).
      list = curl_slist_append(list, "Expect:");
    }
    return list;
  }

  static size_t Write(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
  }

  // GET url; returns the body ("" on failure).
  std::string Get(CURL* h, const std::string& url) {
    std::string body;
    curl_slist* headers = Headers(false);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(headers);
    return rc == CURLE_OK ? body : std::string();
  }

  bool Post(CURL* h, const std::string& url, const std::string& payload) {
    std::string body;
    curl_slist* headers = Headers(true);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    return rc == CURLE_OK && status == 201;
  }

  const std::string& server() const { return config_.server; }

 private:
  ark::kube::RestConfig config_;
};

// Pages through the list the raw way: the continue token found by a string search.
int64_t RawList(Raw& raw, const std::string& ns, int page_size) {
  CURL* h = raw.Handle();
  int64_t bytes = 0;
  std::string token;
  while (true) {
    std::string url = raw.server() + "/api/v1/namespaces/" + ns +
                      "/configmaps?limit=" + std::to_string(page_size);
    if (!token.empty()) {
      char* escaped = curl_easy_escape(h, token.c_str(), static_cast<int>(token.size()));
      url += "&continue=" + std::string(escaped);
      curl_free(escaped);
    }
    std::string body = raw.Get(h, url);
    if (body.empty()) break;
    bytes += static_cast<int64_t>(body.size());
    auto at = body.find("\"continue\":\"");
    auto items = body.find("\"items\"");
    if (at == std::string::npos || at > items) break;
    at += 12;
    token = body.substr(at, body.find('"', at) - at);
  }
  curl_easy_cleanup(h);
  return bytes;
}

// Runs `total` creates over `threads` threads; `create(i)` does one.
double TimedParallel(int total, int threads, const std::function<bool(int, int)>& create) {
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = next++; i < total; i = next++) {
        if (!create(t, i)) ++failures;
      }
    });
  }
  for (auto& th : pool) th.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (failures) fprintf(stderr, "%d creates failed\n", failures.load());
  return seconds;
}

int Main(const Args& args) {
  ark::kube::LoadOptions load;
  load.kubeconfig = args.kubeconfig;
  auto config = ark::kube::LoadRestConfig(load);
  if (!config.ok()) {
    fprintf(stderr, "%s\n", config.status().ToString().c_str());
    return 1;
  }
  auto client_or = ark::kube::NewDynamicClient(*config);
  if (!client_or.ok()) return 1;
  DynamicClient& client = **client_or;
  Raw raw(*config);

  // The list corpus.
  const std::string list_ns = "bench-list";
  (void)client.Create(
      kNamespaces, "",
      {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", list_ns}}}});
  TimedParallel(args.objects, 8, [&](int, int i) {
    auto r = client.Create(kConfigMaps, list_ns, ConfigMap(list_ns, "cm-" + std::to_string(i)));
    return r.ok() || r.status().code() == ark::Code::kAlreadyExists;
  });

  // Three ways through the same list, alternating: raw libcurl (bytes only), the client's
  // ListRaw (items located as spans, what a backup uses) and List (items parsed into trees).
  std::vector<double> spans_s, parsed_s, raw_s;
  int64_t bytes = 0;
  int64_t items = 0, parsed_items = 0;
  ark::kube::ListOptions options;
  options.limit = args.page_size;
  for (int round = 0; round < args.rounds; ++round) {
    auto start = Clock::now();
    bytes = RawList(raw, list_ns, args.page_size);
    raw_s.push_back(std::chrono::duration<double>(Clock::now() - start).count());

    items = 0;
    start = Clock::now();
    auto status = client.ListRaw(kConfigMaps, list_ns, options, [&](ark::kube::RawListPage& page) {
      items += static_cast<int64_t>(page.items.size());
      return ark::Status::Ok();
    });
    spans_s.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    if (!status.ok()) {
      fprintf(stderr, "list: %s\n", status.ToString().c_str());
      return 1;
    }

    parsed_items = 0;
    start = Clock::now();
    status = client.List(kConfigMaps, list_ns, options, [&](ark::kube::ListPage& page) {
      parsed_items += static_cast<int64_t>(page.items.size());
      return ark::Status::Ok();
    });
    parsed_s.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    if (!status.ok() || parsed_items != items) {
      fprintf(stderr, "list (parsed): %s, %lld items\n", status.ToString().c_str(),
              static_cast<long long>(parsed_items));
      return 1;
    }
  }
  double spans = Median(spans_s), parsed = Median(parsed_s), rawm = Median(raw_s);
  printf("list  objects=%lld page=%d bytes=%lld\n", static_cast<long long>(items), args.page_size,
         static_cast<long long>(bytes));
  printf("  ark ListRaw: %9.0f objects/s %7.1f MB/s (%.3f s)\n", items / spans, bytes / spans / 1e6,
         spans);
  printf("  ark List   : %9.0f objects/s %7.1f MB/s (%.3f s)\n", items / parsed,
         bytes / parsed / 1e6, parsed);
  printf("  raw libcurl: %9.0f objects/s %7.1f MB/s (%.3f s)\n", items / rawm, bytes / rawm / 1e6,
         rawm);
  printf("  ratio ark/raw: ListRaw %.2f, List %.2f\n", rawm / spans, rawm / parsed);

  for (int concurrency : {1, 8, 32}) {
    std::vector<double> o, r;
    for (int round = 0; round < args.rounds; ++round) {
      std::string ns = "bench-c" + std::to_string(concurrency) + "-" + std::to_string(round);
      (void)client.Create(
          kNamespaces, "",
          {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}});
      std::vector<CURL*> handles;
      for (int t = 0; t < concurrency; ++t) handles.push_back(raw.Handle());
      const std::string url = raw.server() + "/api/v1/namespaces/" + ns + "/configmaps";
      r.push_back(TimedParallel(args.creates, concurrency, [&](int t, int i) {
        return raw.Post(handles[t], url, ConfigMap(ns, "raw-" + std::to_string(i)).dump());
      }));
      for (CURL* h : handles) curl_easy_cleanup(h);
      // What a restore calls: the created object sent back is not parsed, as the raw loop
      // does not parse it.
      o.push_back(TimedParallel(args.creates, concurrency, [&](int, int i) {
        return client
            .CreateWithoutResult(kConfigMaps, ns, ConfigMap(ns, "ark-" + std::to_string(i)))
            .ok();
      }));
    }
    double om = Median(o), rm = Median(r);
    printf("create concurrency=%d creates=%d\n", concurrency, args.creates);
    printf("  ark client : %9.0f creates/s\n", args.creates / om);
    printf("  raw libcurl: %9.0f creates/s\n", args.creates / rm);
    printf("  ratio ark/raw: %.2f\n", rm / om);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--kubeconfig")
      args.kubeconfig = value;
    else if (flag == "--objects")
      args.objects = std::stoi(value);
    else if (flag == "--page-size")
      args.page_size = std::stoi(value);
    else if (flag == "--creates")
      args.creates = std::stoi(value);
    else if (flag == "--rounds")
      args.rounds = std::stoi(value);
    else {
      fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (args.kubeconfig.empty()) {
    fprintf(stderr,
            "usage: kube_bench --kubeconfig FILE [--objects N] [--page-size N] "
            "[--creates N] [--rounds N]\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  return Main(args);
}
