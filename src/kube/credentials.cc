#include "kube/credentials.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/ascii.h"
#include "util/base64.h"

namespace ark::kube {
Credentials::Credentials(const RestConfig& config, const Clock& clock)
    : bearer_token_(config.bearer_token),
      token_file_(config.token_file),
      basic_(config.username.empty() && config.password.empty()
                 ? ""
                 : "Basic " + Base64Encode(config.username + ":" + config.password)),
      exec_(config.exec),
      clock_(clock) {}

Result<Credentials::Auth> Credentials::Current() {
  if (!bearer_token_.empty()) return Auth{"Bearer " + bearer_token_, "", ""};
  if (!token_file_.empty()) {
    ARK_ASSIGN_OR_RETURN(std::string header, FromTokenFile());
    return Auth{std::move(header), "", ""};
  }
  if (exec_) return FromExec();
  return Auth{basic_, "", ""};
}

bool Credentials::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!bearer_token_.empty()) return false;
  if (!token_file_.empty()) {
    file_mtime_ns_ = -1;  // re-read: it may have rotated within the same mtime tick
    return true;
  }
  if (exec_ && exec_credential_) {
    exec_credential_.reset();
    return true;
  }
  return false;
}

Result<std::string> Credentials::FromTokenFile() {
  std::lock_guard<std::mutex> lock(mu_);
  struct stat st;
  if (stat(token_file_.c_str(), &st) != 0) {
    return Unauthenticated("token file " + token_file_ + ": " + strerror(errno));
  }
  int64_t mtime = int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  if (mtime != file_mtime_ns_ || st.st_size != file_size_) {
    std::ifstream in(token_file_, std::ios::binary);
    if (!in) return Unauthenticated("token file " + token_file_ + ": cannot open");
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string token = TrimAsciiSpace(buffer.str());
    if (token.empty()) return Unauthenticated("token file " + token_file_ + ": empty");
    file_token_ = std::move(token);
    file_mtime_ns_ = mtime;
    file_size_ = st.st_size;
  }
  return "Bearer " + file_token_;
}

Result<Credentials::Auth> Credentials::FromExec() {
  std::lock_guard<std::mutex> lock(mu_);
  if (exec_credential_ && exec_credential_->expiry &&
      clock_.Now() + std::chrono::seconds(10) >= *exec_credential_->expiry) {
    exec_credential_.reset();
  }
  if (!exec_credential_) {
    ARK_ASSIGN_OR_RETURN(auto cred, RunExecPlugin(*exec_));
    exec_credential_ = std::move(cred);
  }
  const ExecCredential& cred = *exec_credential_;
  return Auth{cred.token.empty() ? "" : "Bearer " + cred.token, cred.client_certificate_data,
              cred.client_key_data};
}

}  // namespace ark::kube
