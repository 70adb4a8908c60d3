#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "kube/exec_credential.h"
#include "kube/rest_config.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::kube {

// Supplies the credentials of each request from a RestConfig's user:
// a bearer token (wins), else a token file (re-read whenever its modification time or size
// changes, for service-account token rotation), else an exec plugin (run on first use and
// again when its credential is within 10 seconds of expiry or after a 401), else basic auth.
// Thread-safe; the plugin runs at most once at a time.
class Credentials {
 public:
  Credentials(const RestConfig& config, const Clock& clock);

  // What one request carries: the Authorization header value ("Bearer ...", "Basic ...", or
  // "" for none) and, when an exec plugin returned them, a client certificate and key (PEM)
  // for the TLS handshake (the kubeconfig's own certificates are the transport's).
  struct Auth {
    std::string header;
    std::string client_cert_data;
    std::string client_key_data;
  };
  Result<Auth> Current();
  // Forgets a cached exec credential after the server answered 401. Returns true when the
  // next Authorization() call will fetch a new one (so a retry is worthwhile).
  bool Invalidate();

 private:
  Result<std::string> FromTokenFile();
  Result<Auth> FromExec();

  const std::string bearer_token_;
  const std::string token_file_;
  const std::string basic_;
  const std::optional<ExecConfig> exec_;
  const Clock& clock_;

  std::mutex mu_;
  // Token file cache, guarded by mu_.
  std::string file_token_;
  int64_t file_mtime_ns_ = -1;
  int64_t file_size_ = -1;
  // Exec cache, guarded by mu_.
  std::optional<ExecCredential> exec_credential_;
};

}  // namespace ark::kube
