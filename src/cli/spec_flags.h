#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/backup.h"
#include "api/label_selector.h"
#include "util/result.h"

namespace ark::cli {

// The flags `backup create` and `schedule create` share (Ark v0.5 + later names), turned
// into a BackupSpec.
struct BackupSpecFlags {
  std::vector<std::string> include_namespaces{"*"};
  std::vector<std::string> exclude_namespaces;
  std::vector<std::string> include_resources;
  std::vector<std::string> exclude_resources;
  std::string labels;                     // k=v,k2=v2 set on the object
  std::string selector;                   // -l/--selector
  std::string snapshot_volumes;           // "", "true", "false" (a bare flag = true)
  std::string include_cluster_resources;  // same
  std::string ttl = "720h0m0s";
  bool verify = false;  // spec.verify: verify each backup once it completes

  void Register(CLI::App& cmd);
  // The flags written over `spec` (api::NewBackupSpec() for a new object, so the fields no
  // flag sets keep Ark's form). InvalidArgument naming the flag on bad input (a negative --ttl
  // included: the flag's own words and value say more than the spec rule would).
  Status FillSpec(api::BackupSpec& spec) const;
  Result<std::map<std::string, std::string>> Labels() const;
};

// "k=v,k2=v2" -> {"k": "v", ...}; InvalidArgument naming `flag`.
Result<std::map<std::string, std::string>> ParseLabelMap(const std::string& text,
                                                         const std::string& flag);
// "" -> nullopt (every object); otherwise the label selector of a kubectl-style selector.
Result<std::optional<api::LabelSelector>> ParseSelector(const std::string& text);
// "" -> nullopt (unset), "true"/"false" -> the value.
Result<std::optional<bool>> ParseOptionalBool(const std::string& text, const std::string& flag);
// An optional boolean flag, as Ark's "optional-bool": unset leaves `target` "" (the spec gets
// null: the server decides), a bare `--name` sets "true", `--name=false` "false". The help
// shows it as `--name [=true|false]` with `help` and "(default: unset, the server decides)".
CLI::Option* AddOptionalBoolFlag(CLI::App& cmd, const std::string& name, std::string& target,
                                 const std::string& help);
// Splits every element on commas (Ark's stringArray flags), dropping empty parts.
std::vector<std::string> SplitCommas(const std::vector<std::string>& values);

}  // namespace ark::cli
