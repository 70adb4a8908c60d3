#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ark::kubesim {

// An error answered as a metav1.Status, with the reason, code and message format of
// kube-apiserver (k8s.io/apimachinery/pkg/api/errors).
struct ApiError {
  int code = 500;
  std::string reason;  // "NotFound", "AlreadyExists", "Conflict", "Invalid", ...
  std::string message;
  nlohmann::json details;  // null when the real server sends none

  nlohmann::json ToStatus() const;
};

// What an error is about: `resource` is the plural name ("configmaps"), `group` "" for core.
struct ErrorSubject {
  std::string group;
  std::string resource;
  std::string kind;  // "ConfigMap"; used by Invalid
  std::string name;
};

// One field problem of an Invalid error: type is "FieldValueInvalid", "FieldValueRequired", ...
struct FieldCause {
  std::string type;
  std::string field;
  std::string message;  // "Invalid value: \"X\": a lowercase ..." or "Required value: ..."
};

// `configmaps "x" not found`, `deployments.apps "x" not found`.
ApiError NotFoundError(const ErrorSubject& s);
ApiError AlreadyExistsError(const ErrorSubject& s);
// Stale resourceVersion on update: "Operation cannot be fulfilled on configmaps \"x\": the
// object has been modified; please apply your changes to the latest version and try again".
ApiError ConflictError(const ErrorSubject& s, const std::string& why);
ApiError InvalidError(const ErrorSubject& s, const std::vector<FieldCause>& causes);
ApiError BadRequestError(const std::string& message);
ApiError MethodNotAllowedError(const std::string& message);
// `accepted` lists the media types, e.g. "application/json, application/yaml".
ApiError UnsupportedMediaTypeError(const std::string& accepted);
ApiError UnauthorizedError();
// `pods "x" is forbidden: why`; `pods is forbidden: why` when s.name is "".
ApiError ForbiddenError(const ErrorSubject& s, const std::string& why);
ApiError GoneError(const std::string& message);  // reason Expired
ApiError InternalError(const std::string& message);
ApiError NotAcceptableError(const std::string& message);

// "configmaps" or "deployments.apps": how the real server names a group resource.
std::string QualifiedResource(const std::string& group, const std::string& resource);

}  // namespace ark::kubesim
