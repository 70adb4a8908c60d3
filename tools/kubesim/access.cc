#include "kubesim/access.h"

#include <cctype>

#include "util/ascii.h"

namespace ark::kubesim {

namespace {

constexpr const char* kAnonymous = "system:anonymous";

// The bearer token of an Authorization header, "" when it carries none.
std::string BearerToken(const std::string& header) {
  if (header.size() < 7) return "";
  std::string scheme = header.substr(0, 7);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "bearer ") return "";
  size_t start = header.find_first_not_of(' ', 7);
  return start == std::string::npos ? "" : header.substr(start);
}

bool PublicPath(const std::string& path) {
  return path == "/healthz" || path == "/livez" || path == "/readyz" || path == "/version" ||
         path == "/version/";
}

// The verb RBAC checks for a resource request (k8s.io/apiserver RequestInfo).
std::string ResourceVerb(const ApiRequest& req, const Route& route) {
  const std::string& m = req.method;
  if (m == "GET" || m == "HEAD") {
    if (!route.name.empty()) return "get";
    const std::string watch = req.Query("watch");
    return watch == "1" || watch == "true" ? "watch" : "list";
  }
  if (m == "POST") return "create";
  if (m == "PUT") return "update";
  if (m == "PATCH") return "patch";
  if (m == "DELETE") return route.name.empty() ? "deletecollection" : "delete";
  return AsciiLower(m);
}

ApiError AnonymousForbidden(const ApiRequest& req, const Route& route) {
  if (route.kind != Route::Kind::kResource || route.resource.empty()) {
    return ApiError{403, "Forbidden",
                    std::string("forbidden: User \"") + kAnonymous + "\" cannot " +
                        AsciiLower(req.method) + " path \"" + req.path + "\"",
                    nlohmann::json::object()};
  }
  std::string ns = route.ns;
  if (route.group.empty() && route.resource == "namespaces" && !route.name.empty()) ns = route.name;
  const std::string resource =
      route.subresource.empty() ? route.resource : route.resource + "/" + route.subresource;
  std::string why = std::string("User \"") + kAnonymous + "\" cannot " + ResourceVerb(req, route) +
                    " resource \"" + resource + "\" in API group \"" + route.group + "\"";
  why += ns.empty() ? " at the cluster scope" : " in the namespace \"" + ns + "\"";
  return ForbiddenError(ErrorSubject{route.group, route.resource, "", route.name}, why);
}

}  // namespace

std::optional<ApiError> CheckAccess(const AccessOptions& options, const ApiRequest& req,
                                    const Route& route) {
  if (options.token.empty()) return std::nullopt;
  const std::string token = BearerToken(req.authorization);
  if (token == options.token) return std::nullopt;
  if (!token.empty() || !options.anonymous_auth) return UnauthorizedError();
  if ((req.method == "GET" || req.method == "HEAD") && PublicPath(req.path)) return std::nullopt;
  return AnonymousForbidden(req, route);
}

}  // namespace ark::kubesim
