#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "kubesim/access.h"
#include "kubesim/api_types.h"
#include "kubesim/objects.h"
#include "kubesim/resource_registry.h"
#include "kubesim/router.h"
#include "kubesim/store.h"
#include "kubesim/watch_hub.h"

namespace ark::kubesim {

struct ApiServerOptions {
  AccessOptions access;  // the bearer token (if any) and what anonymous requests get
  // Continue tokens older than this answer 410 Expired; 0 = never.
  std::chrono::seconds compaction_window{0};
  // Idle interval between BOOKMARK events of watches that allow them.
  std::chrono::milliseconds bookmark_interval{1000};
  // pods/exec runs commands on this host, each in <exec_dir>/<namespace>/<pod>.
  std::string exec_dir;
};

// The Kubernetes API over HTTP-independent requests: authentication, discovery, OpenAPI,
// and GET/LIST/WATCH/POST/PUT/PATCH/DELETE on every served resource. Thread-safe; the
// referenced components must outlive it.
class ApiServer {
 public:
  ApiServer(const Clock& clock, Objects& objects, WatchHub& hub, ApiServerOptions options)
      : clock_(clock), objects_(objects), hub_(hub), options_(std::move(options)) {}

  ApiResponse Handle(const ApiRequest& req);

  // Creates what a fresh cluster has: namespaces default, kube-system, kube-public and
  // kube-node-lease, and in every namespace (loaded ones too) its default ServiceAccount
  // and kube-root-ca.crt ConfigMap (namespace_defaults.h). Idempotent.
  void Bootstrap();

 private:
  ApiResponse HandleResource(const ApiRequest& req, const Route& route);
  ApiResponse List(const ApiRequest& req, const Route& route, const ResourceInfo& r);
  ApiResponse Watch(const ApiRequest& req, const Route& route, const ResourceInfo& r);
  ApiResponse DeleteCollection(const ApiRequest& req, const Route& route, const ResourceInfo& r);

  const Clock& clock_;
  Objects& objects_;
  WatchHub& hub_;
  const ApiServerOptions options_;
};

// Serializes a JSON value as the response body.
ApiResponse JsonResponse(int status, const nlohmann::json& body);
ApiResponse ErrorResponse(const ApiError& e);
// True when the Accept header asks for a meta.k8s.io Table.
bool WantsTable(const std::string& accept);

}  // namespace ark::kubesim
