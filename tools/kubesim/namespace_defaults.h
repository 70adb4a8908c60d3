#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "kubesim/resource_registry.h"

namespace ark::kubesim {

class Objects;

// What two controllers of kube-controller-manager keep in every namespace that is not
// terminating (the real ones do it within a second; kubesim does it as part of the write
// that made it necessary, so it is there when that write is answered):
//  - the service-account controller: a ServiceAccount "default" (recreated when deleted;
//    changes to it are kept);
//  - the root-ca-cert-publisher: a ConfigMap "kube-root-ca.crt" whose data is exactly
//    {"ca.crt": <the cluster CA's PEM>}, annotated with kubernetes.io/description
//    (recreated when deleted; its data reset, and the annotation restored, when the data is
//    changed; labels and other annotations are kept).
// The CA is Objects::root_ca_pem().

// Creates or repairs both objects in namespace `ns` (nothing when it is terminating or gone).
void EnsureNamespaceDefaults(Objects& objects, const std::string& ns);

// Reacts to a stored change of any object: a namespace written, or one of the two objects
// above changed (`deleted`: removed) is put right again.
void KeepNamespaceDefaults(Objects& objects, const ResourceInfo& r, const nlohmann::json& obj,
                           bool deleted);

}  // namespace ark::kubesim
