#include "cli/describe.h"

#include <sstream>

#include "cli/output.h"
#include "cli/verification_report.h"
#include "util/duration.h"
#include "util/json_access.h"
#include "util/time_format.h"

namespace ark::cli {

using nlohmann::json;

namespace {

std::string List(const std::vector<std::string>& items, const std::string& empty = "<none>") {
  if (items.empty()) return empty;
  std::string s;
  for (const auto& item : items) {
    if (!s.empty()) s += ", ";
    s += item;
  }
  return s;
}

std::string Tri(const std::optional<bool>& v, const std::string& null_text = "auto") {
  if (v.has_value()) return *v ? "true" : "false";
  return null_text;
}

void Meta(std::ostream& out, const api::ObjectMeta& meta) {
  out << "Name:         " << meta.name << "\n";
  out << "Namespace:    " << meta.ns << "\n";
  out << "Labels:       " << LabelsText(meta.labels) << "\n";
  std::string ann;
  for (const auto& [k, v] : meta.annotations) {
    if (!ann.empty()) ann += ",";
    ann += k + "=" + v;
  }
  out << "Annotations:  " << (ann.empty() ? "<none>" : ann) << "\n\n";
}

// What the object's api type could not read (and describe therefore shows as unset).
void Unreadable(std::ostream& out, const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  out << "Unreadable fields (shown as unset):\n";
  for (const auto& p : problems) out << "  " << p << "\n";
  out << "\n";
}

void BackupSpec(std::ostream& out, const api::BackupSpec& spec) {
  out << "Namespaces:\n";
  out << "  Included:  " << List(spec.included_namespaces, "*") << "\n";
  out << "  Excluded:  " << List(spec.excluded_namespaces) << "\n\n";
  out << "Resources:\n";
  out << "  Included:        " << List(spec.included_resources, "*") << "\n";
  out << "  Excluded:        " << List(spec.excluded_resources) << "\n";
  out << "  Cluster-scoped:  " << Tri(spec.include_cluster_resources) << "\n\n";
  out << "Label selector:  " << SelectorText(spec.label_selector) << "\n\n";
  out << "Storage Location:  "
      << (spec.storage_location.empty() ? "default" : spec.storage_location) << "\n\n";
  out << "Snapshot PVs:  " << Tri(spec.snapshot_volumes) << "\n\n";
  // As Velero prints it (Go's Duration String): "720h0m0s", "0s" when unset.
  out << "TTL:  " << FormatDuration(spec.ttl) << "\n\n";
  const size_t hooks = spec.hooks.resources.size();
  out << "Hooks:  " << (hooks > 0 ? std::to_string(hooks) + " resource hook(s)" : "<none>")
      << "\n\n";
}

void Errors(std::ostream& out, const std::vector<std::string>& validation_errors,
            const std::string& failure_reason) {
  if (!validation_errors.empty()) {
    out << "Validation errors:\n";
    for (const auto& e : validation_errors) out << "  " << e << "\n";
    out << "\n";
  }
  if (!failure_reason.empty()) out << "Failure reason:  " << failure_reason << "\n\n";
}

// One group of messages: "Title:  <none>", or the title and a message a line.
void Messages(std::ostream& out, const std::string& indent, const std::string& title,
              const std::vector<std::string>& list) {
  if (list.empty()) {
    out << indent << title << "  <none>\n";
    return;
  }
  out << indent << title << "\n";
  for (const auto& m : list) out << indent << "  " << m << "\n";
}

// A results half grouped as Velero's describe groups it; `r` null: nothing recorded.
void Result(std::ostream& out, const char* title, const api::RestoreResult* r) {
  out << title << ":\n";
  if (r == nullptr) {
    out << "  <none>\n";
    return;
  }
  Messages(out, "  ", "Ark:", r->ark);
  Messages(out, "  ", "Cluster:", r->cluster);
  if (r->namespaces.empty()) {
    out << "  Namespaces:  <none>\n";
    return;
  }
  out << "  Namespaces:\n";
  for (const auto& [name, list] : r->namespaces) Messages(out, "    ", name + ":", list);
}

// One half ("warnings" or "errors") of a results file (a restore's results, or a backup's
// report read from its log): nullopt when missing or empty, which describe shows as <none>.
// A half that does not read is shown as one Ark message saying so.
std::optional<api::RestoreResult> ResultHalf(const json& results, const char* key) {
  const json& half = Obj(results, key);
  if (half.empty()) return std::nullopt;
  auto parsed = api::RestoreResult::FromJson(half, key);
  if (parsed.ok()) return std::move(*parsed);
  api::RestoreResult unreadable;
  unreadable.ark.push_back("unreadable: " + parsed.status().message());
  return unreadable;
}

// An Ark v0.5 list in the status; null when absent or `{}` (nothing recorded).
const api::RestoreResult* Recorded(const std::optional<api::RestoreResult>& r) {
  if (!r.has_value() || (r->raw.is_object() && r->raw.empty())) return nullptr;
  return &*r;
}

void ResultFromFile(std::ostream& out, const char* title, const json& results, const char* key) {
  const std::optional<api::RestoreResult> half = ResultHalf(results, key);
  Result(out, title, half ? &*half : nullptr);
}

// "Started", "Completed" and, once both are known, "Duration".
void Times(std::ostream& out, const std::optional<Clock::TimePoint>& started,
           const std::optional<Clock::TimePoint>& completed) {
  out << "Started:    " << HumanTimestamp(started) << "\n";
  out << "Completed:  " << HumanTimestamp(completed) << "\n";
  if (started && completed && *completed >= *started) {
    out << "Duration:   "
        << FormatDuration(
               std::chrono::duration_cast<std::chrono::nanoseconds>(*completed - *started))
        << "\n";
  }
  out << "\n";
}

void ResourceList(std::ostream& out, const json& resources) {
  if (!resources.is_object() || resources.empty()) {
    out << "Resource List:  <none>\n\n";
    return;
  }
  out << "Resource List:\n";
  for (const auto& [gr, names] : resources.items()) {
    out << "  " << gr << " (" << names.size() << "):\n";
    for (const auto& n : names)
      out << "    - " << (n.is_string() ? n.get<std::string>() : n.dump()) << "\n";
  }
  out << "\n";
}

void HookResults(std::ostream& out, const json& hooks) {
  std::vector<std::string> lines;
  for (const auto& h : hooks) lines.push_back(h.is_string() ? h.get<std::string>() : h.dump());
  Messages(out, "", "Hook results:", lines);
  out << "\n";
}

void VolumeBackups(std::ostream& out, const std::map<std::string, api::VolumeBackupInfo>& volumes) {
  if (volumes.empty()) {
    out << "Persistent Volumes:  <none included>\n";
    return;
  }
  out << "Persistent Volumes:\n";
  for (const auto& [pv, info] : volumes) {
    out << "  " << pv << ":\n";
    out << "    Snapshot ID:        " << info.snapshot_id << "\n";
    out << "    Type:               " << info.type << "\n";
    out << "    Availability Zone:  " << info.availability_zone << "\n";
    out << "    IOPS:               " << (info.iops ? std::to_string(*info.iops) : "<N/A>") << "\n";
  }
}

std::string PhaseText(const std::string& phase) { return phase.empty() ? "New" : phase; }

}  // namespace

void DescribeBackup(std::ostream& out, const DisplayRead<api::Backup>& read,
                    const BackupReport& report, bool details) {
  const api::Backup& backup = read.object;
  const api::BackupStatus& status = backup.status;
  Meta(out, backup.metadata);
  Unreadable(out, read.problems);
  out << "Phase:  " << PhaseText(status.phase) << "\n\n";
  Errors(out, status.validation_errors, status.failure_reason);
  BackupSpec(out, backup.spec);
  // Backups of Ark v0.3, before the field, are of format 1; a new one has none yet.
  const int64_t version =
      status.version != 0 || status.phase.empty() ? status.version : api::kBackupFormatVersion;
  out << "Backup Format Version:  " << version << "\n\n";
  if (status.encryption.has_value()) {
    out << "Encryption:  " << status.encryption->algorithm << " (key ID "
        << status.encryption->key_id << ")\n\n";
  }
  Times(out, status.start_timestamp, status.completion_timestamp);
  out << "Expiration:  " << HumanTimestamp(status.expiration) << "\n\n";
  if (status.progress.has_value()) {
    out << "Progress:  " << status.progress->items_backed_up << "/" << status.progress->total_items
        << " items\n\n";
  }
  out << "Warnings:  " << status.warnings << "\n";
  out << "Errors:    " << status.errors << "\n\n";
  const json& results = report.results;
  if (results.is_object()) {
    if (status.warnings != 0 || !Obj(results, "warnings").empty()) {
      ResultFromFile(out, "Warning details", results, "warnings");
      out << "\n";
    }
    if (status.errors != 0 || !Obj(results, "errors").empty()) {
      ResultFromFile(out, "Error details", results, "errors");
      out << "\n";
    }
  }
  if (!report.unavailable.empty()) out << "Not available:  " << report.unavailable << "\n\n";
  DescribeVerification(out, status.raw.is_object() ? status.raw : json::object());
  if (details && report.resources.is_object()) ResourceList(out, report.resources);
  if (details && report.hooks.is_array()) HookResults(out, report.hooks);
  VolumeBackups(out, status.volume_backups);
}

void DescribeRestore(std::ostream& out, const DisplayRead<api::Restore>& read, const json& results,
                     bool details) {
  const api::Restore& restore = read.object;
  const api::RestoreSpec& spec = restore.spec;
  const api::RestoreStatus& status = restore.status;
  Meta(out, restore.metadata);
  Unreadable(out, read.problems);
  out << "Backup:  " << spec.backup_name << "\n\n";
  out << "Phase:  " << PhaseText(status.phase) << "\n\n";
  Errors(out, status.validation_errors, status.failure_reason);
  out << "Namespaces:\n";
  out << "  Included:  " << List(spec.included_namespaces, "*") << "\n";
  out << "  Excluded:  " << List(spec.excluded_namespaces) << "\n\n";
  out << "Resources:\n";
  out << "  Included:        " << List(spec.included_resources, "*") << "\n";
  out << "  Excluded:        " << List(spec.excluded_resources, "nodes") << "\n";
  out << "  Cluster-scoped:  " << Tri(spec.include_cluster_resources) << "\n\n";
  std::string mapping;
  for (const auto& [from, to] : spec.namespace_mapping) {
    mapping += (mapping.empty() ? "" : ", ") + from + "=" + to;
  }
  out << "Namespace mappings:  " << (mapping.empty() ? "<none>" : mapping) << "\n\n";
  out << "Label selector:  " << SelectorText(spec.label_selector) << "\n\n";
  out << "Restore PVs:  " << Tri(spec.restore_pvs) << "\n\n";
  if (const std::vector<std::string>& order = status.resource_order; !order.empty()) {
    if (details) {
      // The priorities first, then the backup's other resources: the order items were created.
      out << "Restore order:\n";
      for (size_t i = 0; i < order.size(); ++i) out << "  " << (i + 1) << ". " << order[i] << "\n";
      out << "\n";
    } else {
      out << "Restore order:  " << List(order) << "\n\n";
    }
  }
  Times(out, status.start_timestamp, status.completion_timestamp);
  if (status.progress.has_value()) {
    out << "Progress:  " << status.progress->items_restored << "/" << status.progress->total_items
        << " items restored\n\n";
  }
  out << "Warnings:  " << status.warnings << "\n";
  out << "Errors:    " << status.errors << "\n";
  if (results.is_object()) {
    out << "\n";
    ResultFromFile(out, "Warning details", results, "warnings");
    out << "\n";
    ResultFromFile(out, "Error details", results, "errors");
  } else if (status.warnings_detail.has_value()) {  // Ark v0.5: the lists are in the Restore
    out << "\n";
    Result(out, "Warning details", Recorded(status.warnings_detail));
    out << "\n";
    Result(out, "Error details", Recorded(status.errors_detail));
  }
}

void DescribeSchedule(std::ostream& out, const DisplayRead<api::Schedule>& read) {
  const api::Schedule& schedule = read.object;
  Meta(out, schedule.metadata);
  Unreadable(out, read.problems);
  out << "Phase:  " << PhaseText(schedule.status.phase) << "\n\n";
  Errors(out, schedule.status.validation_errors, "");
  out << "Schedule:  " << schedule.spec.schedule << "\n\n";
  out << "Backup Template:\n";
  std::ostringstream tmpl;
  BackupSpec(tmpl, schedule.spec.backup_template);
  std::string line;
  std::istringstream in(tmpl.str());
  while (std::getline(in, line)) out << (line.empty() ? "" : "  " + line) << "\n";
  out << "Last Backup:  " << HumanTimestamp(schedule.status.last_backup) << "\n";
}

}  // namespace ark::cli
