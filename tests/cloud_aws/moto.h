#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cloud/aws/credentials.h"
#include "support/process.h"

namespace ark::testing {

// A moto_server on a free loopback port with request authentication switched on
// (INITIAL_NO_AUTH_ACTION_COUNT): its first three requests, made here without valid
// credentials, create an IAM user with an allow-everything policy and an access key. Every
// later request must carry a valid SigV4 signature of that key, so a signing bug fails.
// moto_fix/sitecustomize.py makes moto check the signature against the request target as it
// was sent (moto otherwise rebuilds it from a decoded URL and rejects correct signatures of
// keys and prefixes holding '/' or UTF-8, getmoto/moto#5948), and verify presigned
// (query-string) signatures, which moto itself cannot.
// Stopped when destroyed.
class Moto {
 public:
  // Starts moto_server (from PATH) and waits until it answers; on failure returns nullptr and
  // sets `error`. With `cert_file` and `key_file` (PEM) it serves https with that certificate.
  static std::unique_ptr<Moto> Start(std::string* error, const std::string& cert_file = "",
                                     const std::string& key_file = "");

  const std::string& url() const { return url_; }
  // The IAM user's access key; source "moto".
  const cloud::aws::Credentials& credentials() const { return credentials_; }
  std::string Log() const { return process_ ? process_->Stderr() : ""; }

  // Switches request authentication off or back on (moto-api/reset-auth).
  bool SetAuthentication(bool on);

 private:
  static std::unique_ptr<Moto> TryStart(std::string* error, const std::string& cert_file,
                                        const std::string& key_file);

  std::unique_ptr<BackgroundProcess> process_;
  std::string url_;
  std::string cert_file_;
  cloud::aws::Credentials credentials_;
};

}  // namespace ark::testing
