#pragma once

#include <optional>
#include <string>

#include "kubesim/api_error.h"
#include "kubesim/api_types.h"
#include "kubesim/router.h"

namespace ark::kubesim {

struct AccessOptions {
  std::string token;  // the one bearer token kubesim accepts; "" = no authentication at all
  // kube-apiserver's --anonymous-auth: requests without credentials are system:anonymous
  // (true, the real default) or refused 401 (false).
  bool anonymous_auth = true;
};

// kube-apiserver's authentication and authorization as they answer a request, for a
// server with one all-powerful token (no RBAC rules beyond the built-in ones):
//  - with no token configured, every request is served;
//  - "Authorization: Bearer <other token>": 401 Unauthorized (`{"message":"Unauthorized",
//    "reason":"Unauthorized","code":401}`) on every path, /healthz included;
//  - no credentials (no Bearer token): system:anonymous, which may only GET /healthz,
//    /livez, /readyz, /version and /version/ (system:public-info-viewer); anything else is
//    403 Forbidden worded by RBAC, e.g. `pods "x" is forbidden: User "system:anonymous"
//    cannot get resource "pods" in API group "" in the namespace "p1"`, `namespaces is
//    forbidden: User "system:anonymous" cannot list resource "namespaces" in API group ""
//    at the cluster scope`, `forbidden: User "system:anonymous" cannot get path "/api"`;
//    or 401 with anonymous_auth false.
// Returns the error to answer, nullopt when the request may be served. `route` is the
// request's parsed path.
std::optional<ApiError> CheckAccess(const AccessOptions& options, const ApiRequest& req,
                                    const Route& route);

}  // namespace ark::kubesim
