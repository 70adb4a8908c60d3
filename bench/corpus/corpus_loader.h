#pragma once

#include <cstdint>
#include <string>

#include "kube/dynamic_client.h"
#include "util/status.h"

namespace ark::bench {

struct LoadStats {
  int64_t namespaces = 0;
  int64_t service_accounts = 0;  // made for the Pods and Deployments that name them
  int64_t objects = 0;           // created
  int64_t already_existed = 0;   // AlreadyExists (a re-run, or a name the generator repeated)
  int64_t bytes = 0;             // JSON bytes read from the corpus
};

// Creates the objects of a corpus written by shared/tools/gen-k8s-corpus.py --stream (one
// compact JSON object per line: Pods, ConfigMaps, Secrets, Services, apps/v1 Deployments)
// through `client`: first every namespace the objects name, then every ServiceAccount that a
// Pod or a Deployment's pod template names (CorpusServiceAccount), then the objects with
// `threads` parallel creators. The accounts come first because the API server's
// ServiceAccount admission refuses a Pod whose account does not exist (403), and the
// generator names accounts without emitting them unless run with --valid. resourceVersion is
// dropped (an API server refuses it on create), and so are Services' clusterIP(s) and nodePorts
// (the generator may repeat them; the server allocates them); everything else, status included, is
// sent as generated. Shared by bench/backup and bench/restore. Errors name the corpus line.
Status LoadCorpus(kube::DynamicClient& client, const std::string& jsonl_path, int threads,
                  LoadStats* stats);

// The group-version-resource of a corpus object's apiVersion/kind.
Result<kube::GroupVersionResource> CorpusResource(const kube::Json& object);

// The ServiceAccount that a corpus Pod, or the pods of a corpus Deployment, run as; "" when
// the object names none or names `default`, which the server's service-account controller
// keeps in every namespace. Other kinds: "".
std::string CorpusServiceAccount(const kube::Json& object);

}  // namespace ark::bench
