#include "kube/dynamic_client.h"

#include <utility>

#include "kube/list_pager.h"
#include "kube/resource_path.h"
#include "kube/rest_client.h"
#include "kube/status_mapping.h"
#include "kube/watcher.h"

namespace ark::kube {
namespace {

std::string_view PatchContentType(PatchType type) {
  switch (type) {
    case PatchType::kMerge:
      return "application/merge-patch+json";
    case PatchType::kJson:
      return "application/json-patch+json";
    case PatchType::kStrategicMerge:
      return "application/strategic-merge-patch+json";
  }
  return "application/merge-patch+json";
}

std::string MetadataString(const Json& object, const char* field) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return "";
  auto it = meta->find(field);
  return it != meta->end() && it->is_string() ? it->get<std::string>() : "";
}

Result<Json> ParseObject(const http::Response& response, std::string_view what) {
  auto doc = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Internal(std::string(what) + ": response is not a JSON object");
  }
  return doc;
}

class RestDynamicClient final : public DynamicClient {
 public:
  explicit RestDynamicClient(std::shared_ptr<RestClient> rest) : rest_(std::move(rest)) {}

  Result<Json> Get(const GroupVersionResource& gvr, std::string_view ns,
                   std::string_view name) override {
    http::Request request;
    ARK_ASSIGN_OR_RETURN(request.url, ObjectPath(gvr, ns, name));
    return Call(std::move(request), /*idempotent=*/true);
  }

  Status ListRaw(const GroupVersionResource& gvr, std::string_view ns, const ListOptions& options,
                 const std::function<Status(RawListPage& page)>& on_page) override {
    return ListPager(*rest_, gvr, ns, options).RunRaw(on_page);
  }

  Result<Json> Create(const GroupVersionResource& gvr, std::string_view ns,
                      const Json& object) override {
    ARK_ASSIGN_OR_RETURN(http::Request request, CreateRequest(gvr, ns, object));
    return Call(std::move(request), /*idempotent=*/false);
  }

  Status CreateWithoutResult(const GroupVersionResource& gvr, std::string_view ns,
                             const Json& object) override {
    // A named create may be repeated: the API server refuses a second create of one name
    // with AlreadyExists, so a retry never makes a duplicate (see the header).
    const bool named = !MetadataString(object, "name").empty();
    ARK_ASSIGN_OR_RETURN(http::Request request, CreateRequest(gvr, ns, object));
    return rest_->Do(std::move(request), /*idempotent=*/named).status();
  }

  Result<Json> Update(const GroupVersionResource& gvr, std::string_view ns,
                      const Json& object) override {
    return Put(gvr, ns, object, "");
  }

  Result<Json> UpdateStatus(const GroupVersionResource& gvr, std::string_view ns,
                            const Json& object) override {
    return Put(gvr, ns, object, "status");
  }

  Result<Json> Patch(const GroupVersionResource& gvr, std::string_view ns, std::string_view name,
                     PatchType type, std::string_view patch) override {
    ARK_ASSIGN_OR_RETURN(std::string path, ObjectPath(gvr, ns, name));
    return Send("PATCH", std::move(path), PatchContentType(type), std::string(patch));
  }

  Status Delete(const GroupVersionResource& gvr, std::string_view ns, std::string_view name,
                const DeleteOptions& options) override {
    Json body = {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}};
    if (!options.propagation_policy.empty()) {
      body["propagationPolicy"] = options.propagation_policy;
    }
    http::Request request;
    request.method = "DELETE";
    ARK_ASSIGN_OR_RETURN(request.url, ObjectPath(gvr, ns, name));
    request.headers.Set("Content-Type", "application/json");
    request.body = body.dump();
    return rest_->Do(std::move(request), /*idempotent=*/false).status();
  }

  Status Watch(const GroupVersionResource& gvr, std::string_view ns, const WatchOptions& options,
               const std::function<bool(WatchEvent& event)>& on_event) override {
    return Watcher(*rest_, gvr, ns, options).Run(on_event);
  }

 private:
  Result<Json> Put(const GroupVersionResource& gvr, std::string_view ns, const Json& object,
                   std::string_view subresource) {
    std::string name = MetadataString(object, "name");
    if (name.empty()) {
      return InvalidArgument("update " + gvr.GroupResource() + ": object has no metadata.name");
    }
    std::string namespace_ = ns.empty() ? MetadataString(object, "namespace") : std::string(ns);
    ARK_ASSIGN_OR_RETURN(std::string path, ObjectPath(gvr, namespace_, name, subresource));
    return Send("PUT", std::move(path), "application/json", object.dump());
  }

  // Writes are not idempotent; they are retried only on 429 (see RestClient).
  Result<Json> Send(std::string method, std::string path, std::string_view content_type,
                    std::string body) {
    return Call(WriteRequest(std::move(method), std::move(path), content_type, std::move(body)),
                /*idempotent=*/false);
  }

  static Result<http::Request> CreateRequest(const GroupVersionResource& gvr, std::string_view ns,
                                             const Json& object) {
    std::string namespace_ = ns.empty() ? MetadataString(object, "namespace") : std::string(ns);
    ARK_ASSIGN_OR_RETURN(std::string path, CollectionPath(gvr, namespace_));
    return WriteRequest("POST", std::move(path), "application/json", object.dump());
  }

  static http::Request WriteRequest(std::string method, std::string path,
                                    std::string_view content_type, std::string body) {
    http::Request request;
    request.method = std::move(method);
    request.url = std::move(path);
    request.headers.Set("Content-Type", std::string(content_type));
    request.body = std::move(body);
    return request;
  }

  Result<Json> Call(http::Request request, bool idempotent) {
    std::string what = request.method + " " + request.url;
    ARK_ASSIGN_OR_RETURN(auto response, rest_->Do(std::move(request), idempotent));
    return ParseObject(response, what);
  }

  std::shared_ptr<RestClient> rest_;
};

}  // namespace

Status DynamicClient::List(const GroupVersionResource& gvr, std::string_view ns,
                           const ListOptions& options,
                           const std::function<Status(ListPage& page)>& on_page) {
  return ListRaw(gvr, ns, options, [&](RawListPage& raw) -> Status {
    ARK_ASSIGN_OR_RETURN(ListPage page, ParsePage(raw));
    return on_page(page);
  });
}

std::unique_ptr<DynamicClient> NewDynamicClient(std::shared_ptr<RestClient> rest) {
  return std::make_unique<RestDynamicClient>(std::move(rest));
}

Result<std::unique_ptr<DynamicClient>> NewDynamicClient(const RestConfig& config) {
  ARK_ASSIGN_OR_RETURN(auto rest, RestClient::New(config));
  return NewDynamicClient(std::move(rest));
}

}  // namespace ark::kube
