// Loads a gen-k8s-corpus.py --stream corpus into an API server:
//   load_corpus --kubeconfig K --corpus FILE.jsonl [--threads 4]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "corpus/corpus_loader.h"
#include "kube/rest_config.h"

int main(int argc, char** argv) {
  std::string kubeconfig, corpus;
  int threads = 4;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--kubeconfig")
      kubeconfig = argv[i + 1];
    else if (flag == "--corpus")
      corpus = argv[i + 1];
    else if (flag == "--threads")
      threads = std::stoi(argv[i + 1]);
    else {
      std::cerr << "load_corpus: unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (kubeconfig.empty() || corpus.empty()) {
    std::cerr << "usage: load_corpus --kubeconfig K --corpus FILE.jsonl [--threads N]\n";
    return 2;
  }
  ark::kube::LoadOptions load;
  load.kubeconfig = kubeconfig;
  auto config = ark::kube::LoadRestConfig(load);
  if (!config.ok()) {
    std::cerr << "load_corpus: " << config.status().ToString() << "\n";
    return 1;
  }
  auto client = ark::kube::NewDynamicClient(*config);
  if (!client.ok()) {
    std::cerr << "load_corpus: " << client.status().ToString() << "\n";
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  ark::bench::LoadStats stats;
  ark::Status s = ark::bench::LoadCorpus(**client, corpus, threads, &stats);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!s.ok()) {
    std::cerr << "load_corpus: " << s.ToString() << "\n";
    return 1;
  }
  std::printf(
      "{\"namespaces\":%lld,\"service_accounts\":%lld,\"created\":%lld,\"already_existed\":%lld,"
      "\"bytes\":%lld,\"seconds\":%.1f}\n",
      static_cast<long long>(stats.namespaces), static_cast<long long>(stats.service_accounts),
      static_cast<long long>(stats.objects), static_cast<long long>(stats.already_existed),
      static_cast<long long>(stats.bytes), seconds);
  return 0;
}
