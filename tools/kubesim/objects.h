#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kubesim/api_error.h"
#include "kubesim/metadata.h"
#include "kubesim/resource_registry.h"
#include "kubesim/service_addresses.h"
#include "kubesim/store.h"

namespace ark::kubesim {

// The outcome of one object operation: the object (or a Status on success, for deletes)
// with the HTTP status to answer, or an error.
struct ObjectResult {
  nlohmann::json object;
  int http_status = 200;
  std::optional<ApiError> error;

  bool ok() const { return !error.has_value(); }
  static ObjectResult Error(ApiError e) {
    ObjectResult r;
    r.error = std::move(e);
    r.http_status = r.error->code;
    return r;
  }
};

// Object semantics of kube-apiserver's generic registry on top of the Store: metadata
// (uid, creationTimestamp, generation, generateName, resourceVersion preconditions),
// namespace checks, status subresources, finalizers and deletionTimestamp, the PATCH
// formats, and the kind-specific rules of kind_rules.h. Used by the HTTP handlers and the
// in-process controllers alike. Thread-safe.
class Objects {
 public:
  // `root_ca_pem`: the cluster CA, published in every namespace's kube-root-ca.crt.
  Objects(ResourceRegistry& registry, Store& store, MetaSource& meta, std::string root_ca_pem);

  ObjectResult Get(const ResourceInfo& r, const std::string& ns, const std::string& name);
  // POST to a collection; `url_ns` is the namespace of the URL ("" for cluster scope).
  ObjectResult Create(const ResourceInfo& r, const std::string& url_ns, nlohmann::json obj);
  // PUT of an object, or of its status when `status_only`.
  ObjectResult Update(const ResourceInfo& r, const std::string& ns, const std::string& name,
                      nlohmann::json obj, bool status_only);
  // PATCH; `content_type` selects the format. Retries internally on concurrent writes.
  ObjectResult Patch(const ResourceInfo& r, const std::string& ns, const std::string& name,
                     const std::string& content_type, const std::string& body, bool status_only);
  // DELETE with optional DeleteOptions (preconditions, propagationPolicy). Objects with
  // finalizers and namespaces only get a deletionTimestamp (answered 202 / 200).
  ObjectResult Delete(const ResourceInfo& r, const std::string& ns, const std::string& name,
                      const nlohmann::json& options);

  ResourceRegistry& registry() { return registry_; }
  Store& store() { return store_; }
  const ServiceAddresses& service_addresses() const { return service_addresses_; }
  MetaSource& meta() { return meta_; }
  const std::string& root_ca_pem() const { return root_ca_pem_; }

  static ErrorSubject Subject(const ResourceInfo& r, const std::string& name) {
    return ErrorSubject{r.group, r.name, r.kind, name};
  }

 private:
  // Writes `updated` over `current` (both full objects) if the stored rv still equals
  // `expected_rv`. Applies metadata rules, status handling and kind rules.
  ObjectResult Replace(const ResourceInfo& r, const nlohmann::json& current, nlohmann::json updated,
                       uint64_t expected_rv, bool status_only);
  std::optional<ApiError> CheckTypeMeta(const ResourceInfo& r, nlohmann::json& obj);
  // Held from a Service's address allocation to its write (a lock that owns nothing for
  // other kinds): two Services created at once must not both take the address that was
  // free when each looked, as an API server's allocator guarantees.
  std::unique_lock<std::mutex> LockAddresses(const ResourceInfo& r);

  ResourceRegistry& registry_;
  Store& store_;
  MetaSource& meta_;
  const std::string root_ca_pem_;
  ServiceAddresses service_addresses_;
  std::mutex address_writes_;
};

// The resource info of namespaces (core/v1), always served.
ResourceInfo NamespacesResource(ResourceRegistry& registry);

}  // namespace ark::kubesim
