#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kube/rest_config.h"
#include "util/result.h"

namespace ark::kube {

// The merged content of one or more kubeconfig files, as kubectl merges $KUBECONFIG: for
// each cluster, user and context name the first file that defines it wins, and so does the
// first non-empty current-context. Relative file paths in a file are made absolute against
// that file's folder while loading.
struct Kubeconfig {
  struct Cluster {
    std::string file;  // where it was defined, for messages
    std::string server;
    http::TlsOptions tls;
  };
  struct User {
    std::string file;
    std::string token;
    std::string token_file;
    std::string username;
    std::string password;
    std::string client_cert_file, client_cert_data, client_key_file, client_key_data;
    std::optional<ExecConfig> exec;
  };
  struct Context {
    std::string file;
    std::string cluster;
    std::string user;
    std::string namespace_;
  };
  std::string current_context;
  std::map<std::string, Cluster> clusters;
  std::map<std::string, User> users;
  std::map<std::string, Context> contexts;
};

// Parses one file and merges it into `config` (entries already present win). A missing file
// is kNotFound; bad YAML or a bad field is kInvalidArgument naming the file and the field
// ("kubeconfig /x/config: users[0] \"admin\": client-key-data: not valid base64").
Status MergeKubeconfigFile(const std::string& path, Kubeconfig* config);

// Builds the RestConfig of `context` ("" = current-context). Errors name the context and
// what it lacks.
Result<RestConfig> RestConfigFromKubeconfig(const Kubeconfig& config, const std::string& context);

}  // namespace ark::kube
