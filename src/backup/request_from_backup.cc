#include "backup/request_from_backup.h"

namespace ark::backup {
namespace {

// The exec hooks of `list`, as the resolver takes them (entries without `exec` are skipped).
void AppendExecHooks(const std::vector<api::BackupResourceHook>& list,
                     std::vector<ExecHookSpec>* out) {
  for (const api::BackupResourceHook& hook : list) {
    if (!hook.exec) continue;
    out->push_back(
        {hook.exec->container, hook.exec->command, hook.exec->on_error, hook.exec->timeout});
  }
}

ResourceHookSpec HookSpecFrom(const api::BackupResourceHookSpec& r) {
  ResourceHookSpec s;
  s.name = r.name;
  s.included_namespaces = r.included_namespaces;
  s.excluded_namespaces = r.excluded_namespaces;
  s.included_resources = r.included_resources;
  s.excluded_resources = r.excluded_resources;
  if (r.label_selector) s.label_selector = r.label_selector->ToJson();
  AppendExecHooks(r.hooks, &s.pre);
  AppendExecHooks(r.pre, &s.pre);
  AppendExecHooks(r.post, &s.post);
  return s;
}

}  // namespace

Result<BackupRequest> RequestFromBackup(const api::Backup& backup) {
  const api::BackupSpec& spec = backup.spec;
  BackupRequest r;
  r.name = backup.metadata.name;
  r.namespace_ = backup.metadata.ns;
  r.included_namespaces = spec.included_namespaces;
  r.excluded_namespaces = spec.excluded_namespaces;
  r.included_resources = spec.included_resources;
  r.excluded_resources = spec.excluded_resources;
  if (spec.label_selector) {
    ARK_ASSIGN_OR_RETURN(r.label_selector, spec.label_selector->ToSelector("spec.labelSelector"));
  }
  r.snapshot_volumes = spec.snapshot_volumes;
  r.include_cluster_resources = spec.include_cluster_resources;
  for (const api::BackupResourceHookSpec& hook : spec.hooks.resources) {
    r.hooks.push_back(HookSpecFrom(hook));
  }
  return r;
}

}  // namespace ark::backup
