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

std::string List(const json& v, const std::string& empty = "<none>") {
  if (!v.is_array() || v.empty()) return empty;
  std::string s;
  for (const auto& item : v) {
    if (!s.empty()) s += ", ";
    s += item.is_string() ? item.get<std::string>() : item.dump();
  }
  return s;
}

std::string Tri(const json& v, const std::string& null_text = "auto") {
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return null_text;
}

void Meta(std::ostream& out, const json& o) {
  const json meta = Obj(o, "metadata");
  out << "Name:         " << Str(meta, "name") << "\n";
  out << "Namespace:    " << Str(meta, "namespace") << "\n";
  out << "Labels:       " << LabelsText(o) << "\n";
  std::string ann;
  for (const auto& [k, v] : Obj(meta, "annotations").items()) {
    if (!ann.empty()) ann += ",";
    ann += k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  out << "Annotations:  " << (ann.empty() ? "<none>" : ann) << "\n\n";
}

void BackupSpec(std::ostream& out, const json& spec) {
  out << "Namespaces:\n";
  out << "  Included:  " << List(spec.value("includedNamespaces", json()), "*") << "\n";
  out << "  Excluded:  " << List(spec.value("excludedNamespaces", json())) << "\n\n";
  out << "Resources:\n";
  out << "  Included:        " << List(spec.value("includedResources", json()), "*") << "\n";
  out << "  Excluded:        " << List(spec.value("excludedResources", json())) << "\n";
  out << "  Cluster-scoped:  " << Tri(spec.value("includeClusterResources", json())) << "\n\n";
  out << "Label selector:  " << SelectorText(spec.value("labelSelector", json())) << "\n\n";
  const std::string location = Str(spec, "storageLocation");
  out << "Storage Location:  " << (location.empty() ? "default" : location) << "\n\n";
  out << "Snapshot PVs:  " << Tri(spec.value("snapshotVolumes", json())) << "\n\n";
  out << "TTL:  " << Str(spec, "ttl") << "\n\n";
  const json hooks = Arr(Obj(spec, "hooks"), "resources");
  out << "Hooks:  "
      << (hooks.is_array() && !hooks.empty() ? std::to_string(hooks.size()) + " resource hook(s)"
                                             : "<none>")
      << "\n\n";
}

void Errors(std::ostream& out, const json& status) {
  const json v = status.value("validationErrors", json());
  if (v.is_array() && !v.empty()) {
    out << "Validation errors:\n";
    for (const auto& e : v)
      out << "  " << (e.is_string() ? e.get<std::string>() : e.dump()) << "\n";
    out << "\n";
  }
  std::string reason = Str(status, "failureReason");
  if (!reason.empty()) out << "Failure reason:  " << reason << "\n\n";
}

// One group of messages: "Title:  <none>", or the title and a message a line.
void Messages(std::ostream& out, const std::string& indent, const std::string& title,
              const json& list) {
  if (!list.is_array() || list.empty()) {
    out << indent << title << "  <none>\n";
    return;
  }
  out << indent << title << "\n";
  for (const auto& m : list)
    out << indent << "  " << (m.is_string() ? m.get<std::string>() : m.dump()) << "\n";
}

// A results half ({"ark", "cluster", "namespaces"}) grouped as Velero's describe groups it.
void Result(std::ostream& out, const char* title, const json& r) {
  out << title << ":\n";
  if (!r.is_object() || r.empty()) {
    out << "  <none>\n";
    return;
  }
  Messages(out, "  ", "Ark:", r.value("ark", json::array()));
  Messages(out, "  ", "Cluster:", r.value("cluster", json::array()));
  const json ns = Obj(r, "namespaces");
  if (!ns.is_object() || ns.empty()) {
    out << "  Namespaces:  <none>\n";
    return;
  }
  out << "  Namespaces:\n";
  for (const auto& [name, list] : ns.items()) Messages(out, "    ", name + ":", list);
}

// "Started", "Completed" and, once both are known, "Duration".
void Times(std::ostream& out, const json& status) {
  const std::string started = Str(status, "startTimestamp");
  const std::string completed = Str(status, "completionTimestamp");
  out << "Started:    " << HumanTimestamp(started) << "\n";
  out << "Completed:  " << HumanTimestamp(completed) << "\n";
  auto from = ParseRfc3339(started);
  auto to = ParseRfc3339(completed);
  if (from.ok() && to.ok() && *to >= *from) {
    out << "Duration:   "
        << FormatDuration(std::chrono::duration_cast<std::chrono::nanoseconds>(*to - *from))
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
    for (const auto& n : names) out << "    - " << n.get<std::string>() << "\n";
  }
  out << "\n";
}

std::string Count(const json& status, const char* key) {
  const json v = status.value(key, json());
  if (v.is_number()) return std::to_string(v.get<int64_t>());
  if (v.is_object()) {  // Ark v0.5: full lists in the CR
    int64_t n = 0;
    for (const char* k : {"ark", "cluster"}) n += v.value(k, json::array()).size();
    for (const auto& [ns, list] : Obj(v, "namespaces").items()) n += list.size();
    return std::to_string(n);
  }
  return "0";
}

}  // namespace

void DescribeBackup(std::ostream& out, const json& backup, const BackupReport& report,
                    bool details) {
  Meta(out, backup);
  const json status = Obj(backup, "status");
  std::string phase = Str(status, "phase");
  out << "Phase:  " << (phase.empty() ? "New" : phase) << "\n\n";
  Errors(out, status);
  BackupSpec(out, Obj(backup, "spec"));
  out << "Backup Format Version:  " << status.value("version", 1) << "\n\n";
  if (const json encryption = Obj(status, "encryption");
      encryption.is_object() && !encryption.empty()) {
    out << "Encryption:  " << Str(encryption, "algorithm") << " (key ID "
        << Str(encryption, "keyID") << ")\n\n";
  }
  Times(out, status);
  out << "Expiration:  " << HumanTimestamp(Str(status, "expiration")) << "\n\n";
  const json progress = Obj(status, "progress");
  if (progress.is_object() && progress.contains("totalItems")) {
    out << "Progress:  " << progress.value("itemsBackedUp", 0) << "/"
        << progress.value("totalItems", 0) << " items\n\n";
  }
  out << "Warnings:  " << Count(status, "warnings") << "\n";
  out << "Errors:    " << Count(status, "errors") << "\n\n";
  const json& results = report.results;
  if (results.is_object()) {
    if (Count(status, "warnings") != "0" || !Obj(results, "warnings").empty()) {
      Result(out, "Warning details", Obj(results, "warnings"));
      out << "\n";
    }
    if (Count(status, "errors") != "0" || !Obj(results, "errors").empty()) {
      Result(out, "Error details", Obj(results, "errors"));
      out << "\n";
    }
  } else if (status.value("warnings", json()).is_object()) {  // Ark v0.5: lists in the CR
    Result(out, "Warning details", status["warnings"]);
    out << "\n";
    Result(out, "Error details", Obj(status, "errors"));
    out << "\n";
  }
  if (!report.unavailable.empty()) out << "Not available:  " << report.unavailable << "\n\n";
  DescribeVerification(out, status);
  if (details && report.resources.is_object()) ResourceList(out, report.resources);
  if (details && report.hooks.is_array()) {
    Messages(out, "", "Hook results:", report.hooks);
    out << "\n";
  }
  const json volumes = Obj(status, "volumeBackups");
  if (!volumes.is_object() || volumes.empty()) {
    out << "Persistent Volumes:  <none included>\n";
    return;
  }
  out << "Persistent Volumes:\n";
  for (const auto& [pv, info] : volumes.items()) {
    out << "  " << pv << ":\n";
    out << "    Snapshot ID:        " << Str(info, "snapshotID") << "\n";
    out << "    Type:               " << Str(info, "type") << "\n";
    out << "    Availability Zone:  " << Str(info, "availabilityZone") << "\n";
    const json iops = info.value("iops", json());
    out << "    IOPS:               " << (iops.is_number() ? iops.dump() : "<N/A>") << "\n";
  }
}

void DescribeRestore(std::ostream& out, const json& restore, const json& results, bool details) {
  Meta(out, restore);
  const json status = Obj(restore, "status");
  const json spec = Obj(restore, "spec");
  std::string phase = Str(status, "phase");
  out << "Backup:  " << Str(spec, "backupName") << "\n\n";
  out << "Phase:  " << (phase.empty() ? "New" : phase) << "\n\n";
  Errors(out, status);
  out << "Namespaces:\n";
  out << "  Included:  " << List(spec.value("includedNamespaces", json()), "*") << "\n";
  out << "  Excluded:  " << List(spec.value("excludedNamespaces", json())) << "\n\n";
  out << "Resources:\n";
  out << "  Included:        " << List(spec.value("includedResources", json()), "*") << "\n";
  out << "  Excluded:        " << List(spec.value("excludedResources", json()), "nodes") << "\n";
  out << "  Cluster-scoped:  " << Tri(spec.value("includeClusterResources", json())) << "\n\n";
  std::string mapping;
  for (const auto& [k, v] : Obj(spec, "namespaceMapping").items()) {
    mapping +=
        (mapping.empty() ? "" : ", ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  out << "Namespace mappings:  " << (mapping.empty() ? "<none>" : mapping) << "\n\n";
  out << "Label selector:  " << SelectorText(spec.value("labelSelector", json())) << "\n\n";
  out << "Restore PVs:  " << Tri(spec.value("restorePVs", json())) << "\n\n";
  if (const json& order = Arr(status, "resourceOrder"); order.is_array() && !order.empty()) {
    if (details) {
      // The priorities first, then the backup's other resources: the order items were created.
      out << "Restore order:\n";
      for (size_t i = 0; i < order.size(); ++i) {
        out << "  " << (i + 1) << ". "
            << (order[i].is_string() ? order[i].get<std::string>() : order[i].dump()) << "\n";
      }
      out << "\n";
    } else {
      out << "Restore order:  " << List(order) << "\n\n";
    }
  }
  Times(out, status);
  const json progress = Obj(status, "progress");
  if (progress.is_object() && progress.contains("totalItems")) {
    out << "Progress:  " << progress.value("itemsRestored", 0) << "/"
        << progress.value("totalItems", 0) << " items restored\n\n";
  }
  out << "Warnings:  " << Count(status, "warnings") << "\n";
  out << "Errors:    " << Count(status, "errors") << "\n";
  if (results.is_object()) {
    out << "\n";
    Result(out, "Warning details", Obj(results, "warnings"));
    out << "\n";
    Result(out, "Error details", Obj(results, "errors"));
  } else if (status.value("warnings", json()).is_object()) {
    out << "\n";
    Result(out, "Warning details", status["warnings"]);
    out << "\n";
    Result(out, "Error details", Obj(status, "errors"));
  }
}

void DescribeSchedule(std::ostream& out, const json& schedule) {
  Meta(out, schedule);
  const json status = Obj(schedule, "status");
  const json spec = Obj(schedule, "spec");
  std::string phase = Str(status, "phase");
  out << "Phase:  " << (phase.empty() ? "New" : phase) << "\n\n";
  Errors(out, status);
  out << "Schedule:  " << Str(spec, "schedule") << "\n\n";
  out << "Backup Template:\n";
  std::ostringstream tmpl;
  BackupSpec(tmpl, Obj(spec, "template"));
  std::string line;
  std::istringstream in(tmpl.str());
  while (std::getline(in, line)) out << (line.empty() ? "" : "  " + line) << "\n";
  out << "Last Backup:  " << HumanTimestamp(Str(status, "lastBackup")) << "\n";
}

}  // namespace ark::cli
