#include "kubesim/kubeconfig.h"

#include <cstdio>
#include <fstream>

#include "util/base64.h"

namespace ark::kubesim {

Status WriteKubeconfig(const std::string& path, const std::string& server_url,
                       const std::string& ca_pem, const std::string& token) {
  std::string y = "apiVersion: v1\nkind: Config\nclusters:\n- name: kubesim\n  cluster:\n";
  y += "    server: " + server_url + "\n";
  if (!ca_pem.empty()) y += "    certificate-authority-data: " + Base64Encode(ca_pem) + "\n";
  y += "contexts:\n- name: kubesim\n  context:\n    cluster: kubesim\n    user: kubesim\n"
       "    namespace: default\ncurrent-context: kubesim\nusers:\n- name: kubesim\n";
  if (token.empty()) {
    y += "  user: {}\n";
  } else {
    y += "  user:\n    token: \"" + token + "\"\n";
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << y;
    if (!out.good()) return Internal("writing kubeconfig " + tmp + " failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Internal("renaming kubeconfig " + tmp + " to " + path + " failed");
  }
  return Status::Ok();
}

}  // namespace ark::kubesim
