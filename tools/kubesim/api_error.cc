#include "kubesim/api_error.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

json Details(const ErrorSubject& s) {
  json d = json::object();
  if (!s.name.empty()) d["name"] = s.name;
  if (!s.group.empty()) d["group"] = s.group;
  d["kind"] = s.resource;
  return d;
}

}  // namespace

std::string QualifiedResource(const std::string& group, const std::string& resource) {
  return group.empty() ? resource : resource + "." + group;
}

json ApiError::ToStatus() const {
  json s = {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", json::object()},
            {"status", "Failure"}, {"message", message}, {"reason", reason},
            {"code", code}};
  if (!details.is_null()) s["details"] = details;
  return s;
}

ApiError NotFoundError(const ErrorSubject& s) {
  return {404, "NotFound", QualifiedResource(s.group, s.resource) + " \"" + s.name + "\" not found",
          Details(s)};
}

ApiError AlreadyExistsError(const ErrorSubject& s) {
  return {409, "AlreadyExists",
          QualifiedResource(s.group, s.resource) + " \"" + s.name + "\" already exists",
          Details(s)};
}

ApiError ConflictError(const ErrorSubject& s, const std::string& why) {
  return {409, "Conflict",
          "Operation cannot be fulfilled on " + QualifiedResource(s.group, s.resource) + " \"" +
              s.name + "\": " + why,
          Details(s)};
}

ApiError InvalidError(const ErrorSubject& s, const std::vector<FieldCause>& causes) {
  std::string list;
  json jc = json::array();
  for (size_t i = 0; i < causes.size(); ++i) {
    if (i > 0) list += ", ";
    list += causes[i].field + ": " + causes[i].message;
    jc.push_back(
        {{"reason", causes[i].type}, {"message", causes[i].message}, {"field", causes[i].field}});
  }
  // One cause reads "Kind \"x\" is invalid: field: why"; several are listed in brackets.
  std::string msg = s.kind + (s.group.empty() ? "" : "." + s.group) + " \"" + s.name +
                    "\" is invalid: " + (causes.size() > 1 ? "[" + list + "]" : list);
  json d = json::object();
  if (!s.name.empty()) d["name"] = s.name;
  if (!s.group.empty()) d["group"] = s.group;
  d["kind"] = s.kind;
  d["causes"] = jc;
  return {422, "Invalid", msg, d};
}

ApiError BadRequestError(const std::string& message) {
  return {400, "BadRequest", message, nullptr};
}

ApiError MethodNotAllowedError(const std::string& message) {
  return {405, "MethodNotAllowed", message, nullptr};
}

ApiError UnsupportedMediaTypeError(const std::string& accepted) {
  return {415, "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include: " +
              accepted,
          nullptr};
}

ApiError UnauthorizedError() { return {401, "Unauthorized", "Unauthorized", nullptr}; }

ApiError ForbiddenError(const ErrorSubject& s, const std::string& why) {
  const std::string subject = QualifiedResource(s.group, s.resource);
  return {403, "Forbidden",
          s.name.empty() ? subject + " is forbidden: " + why
                         : subject + " \"" + s.name + "\" is forbidden: " + why,
          Details(s)};
}

ApiError GoneError(const std::string& message) { return {410, "Expired", message, nullptr}; }

ApiError InternalError(const std::string& message) {
  return {500, "InternalError", "Internal error occurred: " + message, nullptr};
}

ApiError NotAcceptableError(const std::string& message) {
  return {406, "NotAcceptable", message, nullptr};
}

}  // namespace ark::kubesim
