#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "kubesim/api_error.h"
#include "kubesim/resource_registry.h"

namespace ark::kubesim {

class Objects;

// What kube-apiserver v1.26's Service registry does on create and update, for a
// single-stack IPv4 cluster with service range 10.96.0.0/12 and node ports 30000-32767:
//  - defaults: type ClusterIP, sessionAffinity None (ClientIP gets sessionAffinityConfig
//    timeoutSeconds 10800), port protocol TCP and targetPort = port; for every type but
//    ExternalName ipFamilies [IPv4], ipFamilyPolicy SingleStack (headless without selector:
//    [IPv4, IPv6] and RequireDualStack) and internalTrafficPolicy Cluster; NodePort and
//    LoadBalancer externalTrafficPolicy Cluster; LoadBalancer allocateLoadBalancerNodePorts;
//  - clusterIP: allocated when empty and mirrored into clusterIPs; a requested one is kept,
//    or refused (422 on spec.clusterIPs) when taken, outside the range or not an address;
//    "None" makes a headless Service; ExternalName Services get none and may not ask for one;
//  - nodePorts for NodePort and LoadBalancer: allocated when missing, a requested one
//    refused (422 on spec.ports[i].nodePort) when taken or outside 30000-32767; ClusterIP
//    Services may not set them;
//  - updates keep the allocated clusterIPs and nodePorts (matched by port name) when the
//    new object leaves them out, drop what the new type no longer has, and refuse a changed
//    clusterIP (`spec.clusterIPs[0]: Invalid value: []string{"..."}: may not change once
//    set`). Error texts are the real server's.
// `old` is the stored Service on update, null on create. The caller holds the lock that
// serializes Service writes (Objects::LockAddresses).
std::optional<ApiError> PrepareService(Objects& objects, const ResourceInfo& r, nlohmann::json& svc,
                                       const nlohmann::json* old);

}  // namespace ark::kubesim
