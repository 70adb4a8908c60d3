#include "cli/spec_flags.h"

#include "kube/label_selector.h"
#include "util/duration.h"

namespace ark::cli {

std::vector<std::string> SplitCommas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      if (comma == std::string::npos) comma = v.size();
      std::string part = v.substr(start, comma - start);
      if (!part.empty()) out.push_back(part);
      start = comma + 1;
    }
  }
  return out;
}

Result<std::map<std::string, std::string>> ParseLabelMap(const std::string& text,
                                                         const std::string& flag) {
  std::map<std::string, std::string> labels;
  for (const auto& pair : SplitCommas({text})) {
    auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument("invalid " + flag + " \"" + text +
                             "\": want key=value[,key=value...]");
    }
    std::string key = pair.substr(0, eq), value = pair.substr(eq + 1);
    if (!kube::IsValidLabelKey(key) || !kube::IsValidLabelValue(value)) {
      return InvalidArgument("invalid " + flag + " \"" + pair + "\": not a valid label");
    }
    labels[key] = value;
  }
  return labels;
}

Result<std::optional<api::LabelSelector>> ParseSelector(const std::string& text) {
  if (text.empty()) return std::optional<api::LabelSelector>();
  auto parsed = kube::LabelSelector::Parse(text);
  if (!parsed.ok()) return Status(parsed.status()).Annotate("--selector");
  auto j = parsed->ToJson();
  if (!j.ok()) return Status(j.status()).Annotate("--selector");
  // Parsed text to the resource model's form through metav1.LabelSelector JSON, the one form
  // both sides share.
  auto selector = api::LabelSelector::FromJson(*j, "--selector");
  if (!selector.ok()) return selector.status();
  return std::optional<api::LabelSelector>(std::move(*selector));
}

Result<std::optional<bool>> ParseOptionalBool(const std::string& text, const std::string& flag) {
  if (text.empty()) return std::optional<bool>();
  if (text == "true" || text == "1") return std::optional<bool>(true);
  if (text == "false" || text == "0") return std::optional<bool>(false);
  return InvalidArgument("invalid " + flag + " \"" + text + "\": want true or false");
}

CLI::Option* AddOptionalBoolFlag(CLI::App& cmd, const std::string& name, std::string& target,
                                 const std::string& help) {
  // Registered without CLI11's "{true}" default in the name, which its help prints as if true
  // were the default.
  return cmd.add_flag(name, target, help + " (default: unset, the server decides)")
      ->check(CLI::IsMember({"true", "false"}))
      ->option_text("[=true|false]");
}

void BackupSpecFlags::Register(CLI::App& cmd) {
  cmd.add_option("--include-namespaces", include_namespaces,
                 "namespaces to include in the backup (use '*' for all namespaces)")
      ->delimiter(',')
      ->capture_default_str();
  cmd.add_option("--exclude-namespaces", exclude_namespaces,
                 "namespaces to exclude from the backup")
      ->delimiter(',');
  cmd.add_option("--include-resources", include_resources,
                 "resources to include in the backup, formatted as resource.group, such as "
                 "storageclasses.storage.k8s.io (use '*' for all resources)")
      ->delimiter(',');
  cmd.add_option("--exclude-resources", exclude_resources,
                 "resources to exclude from the backup, formatted as resource.group")
      ->delimiter(',');
  cmd.add_option("--labels", labels, "labels to apply to the backup");
  cmd.add_option("-l,--selector", selector, "only back up resources matching this label selector");
  AddOptionalBoolFlag(cmd, "--snapshot-volumes", snapshot_volumes,
                      "take snapshots of PersistentVolumes as part of the backup "
                      "(--snapshot-volumes=false to never)");
  AddOptionalBoolFlag(cmd, "--include-cluster-resources", include_cluster_resources,
                      "include cluster-scoped resources in the backup");
  cmd.add_option("--ttl", ttl, "how long before the backup can be garbage collected")
      ->capture_default_str();
  cmd.add_flag("--verify", verify,
               "verify the backup once it completes (the result goes into status.verification, "
               "shown by `ark backup describe`)");
}

Status BackupSpecFlags::FillSpec(api::BackupSpec& spec) const {
  spec.included_namespaces = SplitCommas(include_namespaces);
  spec.excluded_namespaces = SplitCommas(exclude_namespaces);
  spec.included_resources = SplitCommas(include_resources);
  spec.excluded_resources = SplitCommas(exclude_resources);
  ARK_ASSIGN_OR_RETURN(spec.label_selector, ParseSelector(selector));
  ARK_ASSIGN_OR_RETURN(spec.snapshot_volumes,
                       ParseOptionalBool(snapshot_volumes, "--snapshot-volumes"));
  ARK_ASSIGN_OR_RETURN(spec.include_cluster_resources,
                       ParseOptionalBool(include_cluster_resources, "--include-cluster-resources"));
  auto d = ParseDuration(ttl);
  if (!d.ok()) return InvalidArgument("invalid --ttl: " + d.status().message());
  if (d->count() < 0) {
    return InvalidArgument("invalid --ttl \"" + ttl +
                           "\": a backup's time to live must be positive, such as 24h or "
                           "720h0m0s (0 means the default, 720h0m0s)");
  }
  spec.ttl = *d;
  // Left unset otherwise: Ark's own specs have no such field.
  if (verify) spec.verify = true;
  return Status::Ok();
}

Result<std::map<std::string, std::string>> BackupSpecFlags::Labels() const {
  return ParseLabelMap(labels, "--labels");
}

}  // namespace ark::cli
