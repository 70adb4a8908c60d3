#include "api/validation.h"

#include <algorithm>

#include "api/limits.h"
#include "api/names.h"
#include "util/cron.h"
#include "util/duration.h"
#include "util/includes_excludes.h"

namespace ark::api {
namespace {

using Errors = std::vector<std::string>;

std::string At(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

std::string Quoted(const std::string& s) { return ValuePreview(Json(s)); }

// Ark's messages carry no path; inside a Schedule they get the template's.
std::string Prefix(std::string_view where) {
  return where == "spec" ? "" : std::string(where) + ": ";
}

void AddIncludesExcludes(const std::vector<std::string>& includes,
                         const std::vector<std::string>& excludes, const char* what,
                         std::string_view where, Errors& out) {
  for (const std::string& e : ValidateIncludesExcludes(includes, excludes)) {
    out.push_back(Prefix(where) + "Invalid included/excluded " + what + " lists: " + e);
  }
}

void AddNamespaceNames(const std::vector<std::string>& names, const std::string& path,
                       Errors& out) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "*") continue;
    std::string why = CheckNamespaceName(names[i]);
    if (!why.empty()) out.push_back(At(path, i) + ": " + why + " (or \"*\" for all)");
  }
}

void AddResourceNames(const std::vector<std::string>& names, const std::string& path, Errors& out) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      out.push_back(At(path, i) +
                    ": must not be empty (a resource such as \"pods\" or "
                    "\"deployments.apps\", or \"*\" for all)");
    } else if (names[i].size() > kMaxNameLength) {
      out.push_back(At(path, i) + ": " + std::to_string(names[i].size()) +
                    " characters long: at most " + std::to_string(kMaxNameLength) + " are allowed");
    }
  }
}

void AddLists(const std::vector<std::string>& in_ns, const std::vector<std::string>& ex_ns,
              const std::vector<std::string>& in_res, const std::vector<std::string>& ex_res,
              std::string_view where, Errors& out) {
  AddNamespaceNames(in_ns, FieldPath(where, "includedNamespaces"), out);
  AddNamespaceNames(ex_ns, FieldPath(where, "excludedNamespaces"), out);
  AddResourceNames(in_res, FieldPath(where, "includedResources"), out);
  AddResourceNames(ex_res, FieldPath(where, "excludedResources"), out);
}

void AddSelector(const std::optional<LabelSelector>& selector, std::string_view where,
                 Errors& out) {
  if (!selector.has_value()) return;
  const std::string path = FieldPath(where, "labelSelector");
  const char* kKeyRule =
      "is not a valid label key: an optional DNS subdomain prefix and '/', then at most 63 "
      "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  const char* kValueRule =
      "is not a valid label value: at most 63 letters, digits, '-', '_' and '.', starting and "
      "ending with a letter or digit";
  for (const auto& [key, value] : selector->match_labels) {
    const std::string at = FieldPath(FieldPath(path, "matchLabels"), key);
    if (!IsLabelKey(key)) out.push_back(at + ": " + Quoted(key) + " " + kKeyRule);
    if (!IsLabelValue(value)) out.push_back(at + ": " + Quoted(value) + " " + kValueRule);
  }
  const std::string exprs = FieldPath(path, "matchExpressions");
  for (size_t i = 0; i < selector->match_expressions.size(); ++i) {
    const auto& r = selector->match_expressions[i];
    if (!IsLabelKey(r.key)) out.push_back(At(exprs, i) + ".key: " + Quoted(r.key) + " " + kKeyRule);
    for (size_t j = 0; j < r.values.size(); ++j) {
      if (!IsLabelValue(r.values[j])) {
        out.push_back(At(At(exprs, i) + ".values", j) + ": " + Quoted(r.values[j]) + " " +
                      kValueRule);
      }
    }
  }
}

void AddHookList(const std::vector<BackupResourceHook>& hooks, const std::string& path,
                 Errors& out) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    if (!hooks[i].exec.has_value()) continue;
    const ExecHook& e = *hooks[i].exec;
    const std::string at = At(path, i) + ".exec";
    if (e.command.empty()) out.push_back(at + ".command: required (the command to run)");
    if (!e.on_error.empty() && e.on_error != "Continue" && e.on_error != "Fail") {
      out.push_back(at + ".onError: " + Quoted(e.on_error) +
                    " is not one of Continue, Fail (unset means Fail)");
    }
    if (e.timeout.count() < 0) {
      out.push_back(at + ".timeout: " + Quoted(FormatDuration(e.timeout)) +
                    " is negative: use a positive duration (unset or 0 means 30s)");
    }
  }
}

void AddHooks(const BackupHooks& hooks, std::string_view where, Errors& out) {
  const std::string path = FieldPath(FieldPath(where, "hooks"), "resources");
  for (size_t i = 0; i < hooks.resources.size(); ++i) {
    const BackupResourceHookSpec& r = hooks.resources[i];
    const std::string at = At(path, i);
    AddLists(r.included_namespaces, r.excluded_namespaces, r.included_resources,
             r.excluded_resources, at, out);
    AddSelector(r.label_selector, at, out);
    AddHookList(r.hooks, at + ".hooks", out);
    AddHookList(r.pre, at + ".pre", out);
    AddHookList(r.post, at + ".post", out);
  }
}

// metadata.name of `object`, checked against `max` ("" when the object has none: the API
// server gives every stored object one, and a missing name is reported by its own check).
void AddName(const Json& object, size_t max, const std::string& why_max, Errors& out) {
  const Json* meta;
  if (!ReadObject(object, "", "metadata", &meta).ok() || !meta->is_object()) return;
  auto it = meta->find("name");
  if (it == meta->end() || !it->is_string()) return;
  const std::string& name = it->get_ref<const std::string&>();
  std::string why = CheckObjectName(name, max);
  if (why.empty()) return;
  if (name.size() > max && IsDns1123Subdomain(name)) why += " (" + why_max + ")";
  out.push_back("metadata.name: " + why);
}

// The spec of `object` within the caps, else the cap messages in `out` and null.
const Json* CappedSpec(const Json& object, Errors& out) {
  static const Json kNull;
  auto it = object.find("spec");
  if (it == object.end()) return &kNull;
  const size_t before = out.size();
  CheckSpecLimits(*it, "spec", &out);
  return out.size() == before ? &*it : nullptr;
}

template <typename Spec, typename Rules>
Errors ValidateObject(const Json& object, const char* kind, size_t max_name,
                      const std::string& why_max, Rules rules) {
  if (!object.is_object()) return {std::string("expected a ") + kind + " object"};
  Errors errors;
  AddName(object, max_name, why_max, errors);
  const Json* spec = CappedSpec(object, errors);
  if (spec == nullptr) return CapErrors(std::move(errors));
  auto typed = Spec::FromJson(*spec);
  if (!typed.ok()) {
    errors.push_back(typed.status().message());
    return CapErrors(std::move(errors));
  }
  Errors more = rules(*typed);
  errors.insert(errors.end(), more.begin(), more.end());
  return CapErrors(std::move(errors));
}

}  // namespace

std::vector<std::string> ValidateBackupSpec(const BackupSpec& spec, bool have_pv_provider,
                                            std::string_view where) {
  Errors errors;
  AddIncludesExcludes(spec.included_resources, spec.excluded_resources, "resource", where, errors);
  AddIncludesExcludes(spec.included_namespaces, spec.excluded_namespaces, "namespace", where,
                      errors);
  AddLists(spec.included_namespaces, spec.excluded_namespaces, spec.included_resources,
           spec.excluded_resources, where, errors);
  if (spec.ttl.count() < 0) {
    errors.push_back(FieldPath(where, "ttl") + ": " + Quoted(FormatDuration(spec.ttl)) +
                     " is negative: use a positive duration such as \"720h0m0s\", or leave it "
                     "unset (or 0) for the default of 720h0m0s");
  }
  AddSelector(spec.label_selector, where, errors);
  AddHooks(spec.hooks, where, errors);
  if (!have_pv_provider && spec.snapshot_volumes.value_or(false)) {
    errors.push_back(Prefix(where) + "Server is not configured for PV snapshots");
  }
  return errors;
}

std::vector<std::string> ValidateRestoreSpec(const RestoreSpec& spec, bool have_pv_provider) {
  Errors errors;
  if (spec.backup_name.empty()) {
    errors.push_back(
        "BackupName must be non-empty and correspond to the name of a backup in object storage.");
  } else if (std::string why = CheckObjectName(spec.backup_name, kMaxBackupNameLength);
             !why.empty()) {
    errors.push_back("spec.backupName: " + why);
  }
  const auto& inc = spec.included_resources;
  if (std::find(inc.begin(), inc.end(), "nodes") != inc.end()) {
    errors.push_back("nodes are non-restorable resources");
  }
  AddIncludesExcludes(spec.included_namespaces, spec.excluded_namespaces, "namespace", "spec",
                      errors);
  AddIncludesExcludes(spec.included_resources, spec.excluded_resources, "resource", "spec", errors);
  AddLists(spec.included_namespaces, spec.excluded_namespaces, spec.included_resources,
           spec.excluded_resources, "spec", errors);
  for (const auto& [from, to] : spec.namespace_mapping) {
    const std::string at = "spec.namespaceMapping." + from;
    if (std::string why = CheckNamespaceName(from); !why.empty()) {
      errors.push_back(at + ": the source " + why);
    }
    if (std::string why = CheckNamespaceName(to); !why.empty()) {
      errors.push_back(at + ": the target " + why);
    }
  }
  AddSelector(spec.label_selector, "spec", errors);
  if (!have_pv_provider && spec.restore_pvs.value_or(false)) {
    errors.push_back("Server is not configured for PV snapshot restores");
  }
  return errors;
}

std::vector<std::string> ValidateScheduleSpec(const ScheduleSpec& spec) {
  Errors errors;
  if (spec.schedule.empty()) {
    errors.push_back("Schedule must be a non-empty valid Cron expression");
  } else if (auto parsed = CronSchedule::Parse(spec.schedule); !parsed.ok()) {
    errors.push_back("invalid schedule: " + parsed.status().message());
  }
  Errors tmpl =
      ValidateBackupSpec(spec.backup_template, /*have_pv_provider=*/true, "spec.template");
  errors.insert(errors.end(), tmpl.begin(), tmpl.end());
  return errors;
}

std::vector<std::string> ValidateBackup(const Json& backup, bool have_pv_provider) {
  return ValidateObject<BackupSpec>(
      backup, "Backup", kMaxBackupNameLength,
      "a backup's name is the value of label ark.heptio.com/backup-name",
      [&](const BackupSpec& s) { return ValidateBackupSpec(s, have_pv_provider); });
}

std::vector<std::string> ValidateRestore(const Json& restore, bool have_pv_provider) {
  return ValidateObject<RestoreSpec>(
      restore, "Restore", kMaxRestoreNameLength, "the longest Kubernetes object name",
      [&](const RestoreSpec& s) { return ValidateRestoreSpec(s, have_pv_provider); });
}

std::vector<std::string> ValidateSchedule(const Json& schedule) {
  return ValidateObject<ScheduleSpec>(
      schedule, "Schedule", kMaxScheduleNameLength,
      "its backups are named <schedule>-YYYYMMDDhhmmss, and a backup name has at most 63 "
      "characters",
      [](const ScheduleSpec& s) { return ValidateScheduleSpec(s); });
}

std::vector<std::string> ValidateDownloadRequest(const DownloadRequest& request) {
  std::vector<std::string> errors;
  using namespace download_target;
  const std::string& k = request.target_kind;
  if (k != kBackupLog && k != kBackupContents && k != kRestoreLog && k != kRestoreResults) {
    errors.push_back("spec.target.kind \"" + k +
                     "\" is not one of BackupLog, BackupContents, RestoreLog, RestoreResults");
  }
  if (request.target_name.empty()) {
    errors.push_back("spec.target.name must be non-empty");
  } else if (std::string why = CheckObjectName(request.target_name, kMaxNameLength); !why.empty()) {
    // The name becomes part of an object key and of a URL: "../x" would reach another file.
    errors.push_back("spec.target.name: " + why);
  }
  return errors;
}

std::vector<std::string> ValidateBackupVerification(const BackupVerification& request) {
  if (request.backup_name.empty()) {
    return {"spec.backupName must be set: the name of the backup to verify"};
  }
  std::string why = CheckObjectName(request.backup_name, kMaxBackupNameLength);
  if (!why.empty()) return {"spec.backupName: " + why};
  return {};
}

}  // namespace ark::api
