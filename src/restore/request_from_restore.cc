#include "restore/request_from_restore.h"

namespace ark::restore {

namespace {

Result<ExistingResourcePolicy> PolicyFromSpec(const std::string& policy) {
  if (policy.empty() || policy == "none") return ExistingResourcePolicy::kNone;
  if (policy == "update") return ExistingResourcePolicy::kUpdate;
  return InvalidArgument("spec.existingResourcePolicy: \"" + policy +
                         "\" is not one of the accepted values none, update");
}

}  // namespace

Result<RestoreRequest> RequestFromRestore(const api::Restore& restore) {
  const api::RestoreSpec& spec = restore.spec;
  RestoreRequest r;
  r.name = restore.metadata.name;
  r.included_namespaces = spec.included_namespaces;
  r.included_namespaces.insert(r.included_namespaces.end(), spec.namespaces.begin(),
                               spec.namespaces.end());
  r.excluded_namespaces = spec.excluded_namespaces;
  r.included_resources = spec.included_resources;
  r.excluded_resources = spec.excluded_resources;
  if (spec.label_selector) {
    ARK_ASSIGN_OR_RETURN(r.label_selector, spec.label_selector->ToSelector("spec.labelSelector"));
  }
  r.namespace_mapping = spec.namespace_mapping;
  r.include_cluster_resources = spec.include_cluster_resources;
  r.restore_pvs = spec.restore_pvs;
  ARK_ASSIGN_OR_RETURN(r.existing_resource_policy, PolicyFromSpec(spec.existing_resource_policy));
  return r;
}

}  // namespace ark::restore
