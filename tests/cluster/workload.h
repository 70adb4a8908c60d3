#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/e2e/ark_env.h"

namespace ark::testing {

// The workload of the whole-cluster scenarios: a realistic corpus (data/gen_k8s_corpus.py
// --valid: ServiceAccounts, Pods, ConfigMaps, Deployments, Services, Secrets over many
// namespaces) and data/dr-workload.yaml (every common kind, by hand: RBAC, a CRD and its
// custom resources, token Secrets, Services of every type, bound PV/PVC pairs, StatefulSets,
// Jobs, CronJobs, policies).
struct Workload {
  std::set<std::string> namespaces;  // every namespace the workload made
};

// Creates the workload in `env`'s cluster with kubectl and, on a real cluster, waits until the
// controllers have settled it (claims Bound, token Secrets filled in). Test failures are
// recorded; the returned namespaces are empty when loading failed.
Workload LoadWorkload(ArkEnv& env, const TempDir& dir, int corpus_objects, int corpus_namespaces);

// The objects of `kinds` (resource names as kubectl takes them) in the workload's namespaces,
// and the workload's cluster-scoped objects (named dr-*), keyed "resource ns/name" with the
// live object as value. Objects a controller owns are left out: their owners recreate them.
std::map<std::string, nlohmann::json> Snapshot(ArkEnv& env, const Workload& workload);

// What a faithful restore must have brought back but did not: each source object missing
// from the target or different from it (after the server-set fields are removed). Across
// versions (a 1.21 source, a 1.26 target), fields the newer server adds by default are not
// differences; every field of the source must still be there with its value.
std::vector<std::string> Differences(const std::map<std::string, nlohmann::json>& source,
                                     const std::map<std::string, nlohmann::json>& target,
                                     bool across_versions);

// What the target's controllers have not done for the restored workload (real clusters only,
// kubesim runs no controllers): claims not Bound, token Secrets without a token, Deployments
// without a ReplicaSet. Empty when all is well.
std::vector<std::string> UnsettledObjects(ArkEnv& env, const Workload& workload);

}  // namespace ark::testing
