#pragma once

#include <string_view>
#include <vector>

namespace ark::kubesim {

// One discovery document of a real kube-apiserver v1.26.4, named after its path with '/'
// turned into '_' ("api_v1", "apis_apps_v1", "version").
struct EmbeddedDoc {
  std::string_view name;
  std::string_view json;
};

// Every document of tools/kubesim/data, compiled in. Never empty.
const std::vector<EmbeddedDoc>& EmbeddedDiscovery();

}  // namespace ark::kubesim
