#pragma once

#include <string>

#include "util/status.h"

namespace ark::kubesim {

// Writes a kubeconfig for `server_url` to `path` (via a temp file and rename): one cluster,
// user and context, all named "kubesim", context current, namespace "default". `ca_pem`
// (may be empty) goes in as certificate-authority-data, `token` (may be empty) as the
// user's token.
Status WriteKubeconfig(const std::string& path, const std::string& server_url,
                       const std::string& ca_pem, const std::string& token);

}  // namespace ark::kubesim
