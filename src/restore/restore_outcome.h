#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace ark::restore {

// Ark's RestoreResult: messages grouped by where they apply. `ark` holds restore-wide
// problems (the archive, discovery, waits), `cluster` cluster-scoped objects, `namespaces`
// namespaced objects keyed by the namespace they were restored into.
struct Messages {
  std::vector<std::string> ark;
  std::vector<std::string> cluster;
  std::map<std::string, std::vector<std::string>> namespaces;

  size_t Count() const;
  bool empty() const { return Count() == 0; }
  // {"ark": [...], "cluster": [...], "namespaces": {"ns": [...]}} with empty groups left out
  // (so no messages is {}), the form Ark and Velero upload.
  nlohmann::json ToJson() const;
  // Sorts every group so results do not depend on worker scheduling.
  void Sort();
};

enum class Phase { kCompleted, kPartiallyFailed, kFailed };
std::string_view PhaseName(Phase phase);  // "Completed", "PartiallyFailed", "Failed"

// Every selected object ends in exactly one of created, updated, unchanged, conflicts,
// skipped or failed (selected == their sum). Objects the filters leave out are not selected.
struct Counts {
  int64_t archive_items = 0;  // item entries in the tarball
  int64_t selected = 0;       // passed the namespace, resource, cluster-scope and label filters
  int64_t created = 0;
  int64_t updated = 0;    // existed and differed; patched (policy update)
  int64_t unchanged = 0;  // existed and was identical
  int64_t conflicts = 0;  // existed and differed; left alone with a warning (policy none)
  int64_t skipped = 0;    // deliberately not restored (left to an owner's controller, events, ...)
  int64_t failed = 0;
  int64_t namespaces_created = 0;  // bare namespaces created for namespaced objects
  int64_t volumes_restored = 0;    // volumes created from snapshots
  // The most item bytes read from the spool and not yet restored at one time (bounded by
  // EngineOptions::max_bytes_in_flight, or by the largest item when that is larger).
  int64_t peak_bytes_in_flight = 0;
};

// What happened (or, in a dry run, would happen) to one object.
enum class PlanAction { kCreate, kUpdate, kUnchanged, kConflict, kSkip, kFail };
std::string_view PlanActionName(PlanAction action);  // "create", "update", ...

struct PlanEntry {
  std::string group_resource;  // "deployments.apps"
  std::string ns;              // target namespace, "" for cluster-scoped objects
  std::string name;
  PlanAction action = PlanAction::kCreate;
  std::string reason;  // why it is skipped, conflicts or fails; details for creates
  bool operator==(const PlanEntry&) const = default;
};
// One line of a dry run's plan: "create deployments.apps web/nginx (reason)".
std::string PlanLine(const PlanEntry& entry);

struct RestoreOutcome {
  Phase phase = Phase::kCompleted;
  std::string failure_reason;  // set when phase is kFailed
  Counts counts;
  Messages warnings;
  Messages errors;
  // Dry run: one entry per selected object plus one per namespace that would be created,
  // sorted by (group_resource, ns, name). Empty for a real restore.
  std::vector<PlanEntry> plan;
  // The backup's group-resources in the order they were restored (or, in a dry run, would be):
  // the priorities first, then the rest alphabetically.
  std::vector<std::string> resource_order;

  // The results file: {"warnings": Messages, "errors": Messages}.
  nlohmann::json ResultsJson() const;
};

}  // namespace ark::restore
