#include "kube/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "util/base64.h"

namespace ark::kube {
namespace {

// Reads the YAML nodes of one file with errors that say where.
class FileReader {
 public:
  explicit FileReader(std::string path) : path_(std::move(path)) {
    auto slash = path_.rfind('/');
    dir_ = slash == std::string::npos ? "." : path_.substr(0, slash);
  }

  Status Error(const std::string& where, const std::string& what) const {
    return InvalidArgument("kubeconfig " + path_ + ": " + where + ": " + what);
  }

  Result<std::string> String(const YAML::Node& node, const char* key,
                             const std::string& where) const {
    YAML::Node v = node[key];
    if (!v || v.IsNull()) return std::string();
    if (!v.IsScalar()) return Error(where, std::string(key) + ": expected a string");
    return v.as<std::string>();
  }

  Result<bool> Bool(const YAML::Node& node, const char* key, const std::string& where) const {
    YAML::Node v = node[key];
    if (!v || v.IsNull()) return false;
    bool out = false;
    if (!v.IsScalar() || !YAML::convert<bool>::decode(v, out)) {
      return Error(where, std::string(key) + ": expected true or false");
    }
    return out;
  }

  Result<std::string> Data(const YAML::Node& node, const char* key,
                           const std::string& where) const {
    ARK_ASSIGN_OR_RETURN(std::string text, String(node, key, where));
    if (text.empty()) return text;
    auto decoded = Base64Decode(text);
    if (!decoded) return Error(where, std::string(key) + ": not valid base64");
    return *decoded;
  }

  Result<std::string> Path(const YAML::Node& node, const char* key,
                           const std::string& where) const {
    ARK_ASSIGN_OR_RETURN(std::string p, String(node, key, where));
    if (p.empty() || p[0] == '/') return p;
    if (p[0] == '~' && p.size() > 1 && p[1] == '/') return p;  // left as written
    return dir_ + "/" + p;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string dir_;
};

// Iterates a named list ("clusters", "users", "contexts"): each entry {name, <field>: {...}}.
template <typename F>
Status ForEachNamed(const FileReader& r, const YAML::Node& root, const char* list,
                    const char* field, F&& f) {
  YAML::Node items = root[list];
  if (!items || items.IsNull()) return Status::Ok();
  if (!items.IsSequence()) return r.Error(list, "expected a list");
  for (size_t i = 0; i < items.size(); ++i) {
    std::string where = std::string(list) + "[" + std::to_string(i) + "]";
    const YAML::Node& item = items[i];
    if (!item.IsMap()) return r.Error(where, "expected a mapping");
    ARK_ASSIGN_OR_RETURN(std::string name, r.String(item, "name", where));
    if (name.empty()) return r.Error(where, "name is missing");
    where += " \"" + name + "\"";
    YAML::Node body = item[field];
    if (body && !body.IsNull() && !body.IsMap())
      return r.Error(where, std::string(field) + ": expected a mapping");
    ARK_RETURN_IF_ERROR(f(name, body ? body : YAML::Node(YAML::NodeType::Map), where));
  }
  return Status::Ok();
}

Result<std::optional<ExecConfig>> ParseExec(const FileReader& r, const YAML::Node& user,
                                            const std::string& where) {
  YAML::Node exec = user["exec"];
  if (!exec || exec.IsNull()) return std::optional<ExecConfig>();
  const std::string w = where + ": exec";
  if (!exec.IsMap()) return r.Error(w, "expected a mapping");
  ExecConfig config;
  ARK_ASSIGN_OR_RETURN(config.api_version, r.String(exec, "apiVersion", w));
  ARK_ASSIGN_OR_RETURN(config.command, r.String(exec, "command", w));
  if (config.command.empty()) return r.Error(w, "command is missing");
  // A relative command with a '/' is relative to the kubeconfig's folder, as kubectl does.
  if (config.command[0] != '/' && config.command.find('/') != std::string::npos) {
    ARK_ASSIGN_OR_RETURN(config.command, r.Path(exec, "command", w));
  }
  if (config.api_version != "client.authentication.k8s.io/v1" &&
      config.api_version != "client.authentication.k8s.io/v1beta1") {
    return r.Error(w, "apiVersion \"" + config.api_version +
                          "\" is not client.authentication.k8s.io/v1 or v1beta1");
  }
  if (YAML::Node args = exec["args"]; args && !args.IsNull()) {
    if (!args.IsSequence()) return r.Error(w, "args: expected a list");
    for (const auto& a : args) config.args.push_back(a.as<std::string>());
  }
  if (YAML::Node env = exec["env"]; env && !env.IsNull()) {
    if (!env.IsSequence()) return r.Error(w, "env: expected a list");
    for (size_t i = 0; i < env.size(); ++i) {
      std::string ew = w + ": env[" + std::to_string(i) + "]";
      ARK_ASSIGN_OR_RETURN(std::string name, r.String(env[i], "name", ew));
      ARK_ASSIGN_OR_RETURN(std::string value, r.String(env[i], "value", ew));
      if (name.empty()) return r.Error(ew, "name is missing");
      config.env.emplace_back(name, value);
    }
  }
  return std::optional<ExecConfig>(std::move(config));
}

}  // namespace

Status MergeKubeconfigFile(const std::string& path, Kubeconfig* config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("kubeconfig " + path + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  FileReader r(path);
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    return InvalidArgument("kubeconfig " + path + ": not valid YAML at line " +
                           std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (root.IsNull()) return Status::Ok();  // an empty file adds nothing
  if (!root.IsMap())
    return InvalidArgument("kubeconfig " + path + ": expected a mapping at the top");
  try {
    ARK_ASSIGN_OR_RETURN(std::string current, r.String(root, "current-context", "current-context"));
    if (config->current_context.empty()) config->current_context = current;

    ARK_RETURN_IF_ERROR(ForEachNamed(
        r, root, "clusters", "cluster",
        [&](const std::string& name, const YAML::Node& c, const std::string& where) -> Status {
          Kubeconfig::Cluster cluster;
          cluster.file = path;
          ARK_ASSIGN_OR_RETURN(cluster.server, r.String(c, "server", where));
          ARK_ASSIGN_OR_RETURN(cluster.tls.ca_file, r.Path(c, "certificate-authority", where));
          ARK_ASSIGN_OR_RETURN(cluster.tls.ca_data, r.Data(c, "certificate-authority-data", where));
          ARK_ASSIGN_OR_RETURN(cluster.tls.insecure_skip_verify,
                               r.Bool(c, "insecure-skip-tls-verify", where));
          ARK_ASSIGN_OR_RETURN(cluster.tls.server_name, r.String(c, "tls-server-name", where));
          config->clusters.try_emplace(name, std::move(cluster));
          return Status::Ok();
        }));
    ARK_RETURN_IF_ERROR(ForEachNamed(
        r, root, "users", "user",
        [&](const std::string& name, const YAML::Node& u, const std::string& where) -> Status {
          Kubeconfig::User user;
          user.file = path;
          ARK_ASSIGN_OR_RETURN(user.token, r.String(u, "token", where));
          ARK_ASSIGN_OR_RETURN(user.token_file, r.Path(u, "tokenFile", where));
          ARK_ASSIGN_OR_RETURN(user.username, r.String(u, "username", where));
          ARK_ASSIGN_OR_RETURN(user.password, r.String(u, "password", where));
          ARK_ASSIGN_OR_RETURN(user.client_cert_file, r.Path(u, "client-certificate", where));
          ARK_ASSIGN_OR_RETURN(user.client_cert_data, r.Data(u, "client-certificate-data", where));
          ARK_ASSIGN_OR_RETURN(user.client_key_file, r.Path(u, "client-key", where));
          ARK_ASSIGN_OR_RETURN(user.client_key_data, r.Data(u, "client-key-data", where));
          ARK_ASSIGN_OR_RETURN(user.exec, ParseExec(r, u, where));
          if (u["auth-provider"] && !u["auth-provider"].IsNull()) {
            return r.Error(where, "auth-provider plugins are not supported; use exec");
          }
          config->users.try_emplace(name, std::move(user));
          return Status::Ok();
        }));
    ARK_RETURN_IF_ERROR(ForEachNamed(
        r, root, "contexts", "context",
        [&](const std::string& name, const YAML::Node& c, const std::string& where) -> Status {
          Kubeconfig::Context context;
          context.file = path;
          ARK_ASSIGN_OR_RETURN(context.cluster, r.String(c, "cluster", where));
          ARK_ASSIGN_OR_RETURN(context.user, r.String(c, "user", where));
          ARK_ASSIGN_OR_RETURN(context.namespace_, r.String(c, "namespace", where));
          config->contexts.try_emplace(name, std::move(context));
          return Status::Ok();
        }));
  } catch (const YAML::Exception& e) {
    return InvalidArgument("kubeconfig " + path + ": line " + std::to_string(e.mark.line + 1) +
                           ": " + e.msg);
  }
  return Status::Ok();
}

Result<RestConfig> RestConfigFromKubeconfig(const Kubeconfig& config, const std::string& context) {
  const std::string name = context.empty() ? config.current_context : context;
  if (name.empty()) {
    return InvalidArgument("kubeconfig: no context given and current-context is not set");
  }
  auto ctx = config.contexts.find(name);
  if (ctx == config.contexts.end()) {
    return NotFound("kubeconfig: context \"" + name + "\" not found");
  }
  const std::string where = "kubeconfig " + ctx->second.file + ": context \"" + name + "\"";
  if (ctx->second.cluster.empty()) return InvalidArgument(where + ": cluster is not set");
  auto cluster = config.clusters.find(ctx->second.cluster);
  if (cluster == config.clusters.end()) {
    return InvalidArgument(where + ": cluster \"" + ctx->second.cluster + "\" not found");
  }
  if (cluster->second.server.empty()) {
    return InvalidArgument("kubeconfig " + cluster->second.file + ": cluster \"" +
                           ctx->second.cluster + "\": server is not set");
  }
  RestConfig out;
  out.server = cluster->second.server;
  out.tls = cluster->second.tls;
  out.context = name;
  out.namespace_ = ctx->second.namespace_;
  if (!ctx->second.user.empty()) {
    auto user = config.users.find(ctx->second.user);
    if (user == config.users.end()) {
      return InvalidArgument(where + ": user \"" + ctx->second.user + "\" not found");
    }
    const auto& u = user->second;
    out.bearer_token = u.token;
    out.token_file = u.token_file;
    out.username = u.username;
    out.password = u.password;
    out.exec = u.exec;
    out.tls.client_cert_file = u.client_cert_file;
    out.tls.client_cert_data = u.client_cert_data;
    out.tls.client_key_file = u.client_key_file;
    out.tls.client_key_data = u.client_key_data;
    const bool has_cert = !u.client_cert_file.empty() || !u.client_cert_data.empty();
    const bool has_key = !u.client_key_file.empty() || !u.client_key_data.empty();
    if (has_cert != has_key) {
      return InvalidArgument("kubeconfig " + u.file + ": user \"" + ctx->second.user +
                             "\": client-certificate and client-key must be given together");
    }
  }
  return out;
}

}  // namespace ark::kube
