#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ark::kubesim {

// Decodes a request body in the Kubernetes protobuf encoding ("k8s\0" + runtime.Unknown)
// for the few kinds kubectl's typed generators send that way (`kubectl create namespace |
// configmap | secret | serviceaccount`): Namespace, ConfigMap, Secret and ServiceAccount,
// with ObjectMeta's name, generateName, namespace, labels, annotations and finalizers.
// Returns nullopt with `error` set for anything else.
std::optional<nlohmann::json> DecodeKubeProtobuf(const std::string& body, std::string* error);

}  // namespace ark::kubesim
