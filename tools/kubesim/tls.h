#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "util/result.h"

namespace ark::kubesim {

// A throwaway certificate authority and a server certificate it signed (EC P-256, SANs
// 127.0.0.1, ::1 and localhost, valid for 10 years from now), generated in memory at start.
class TlsMaterial {
 public:
  // Internal on an OpenSSL failure (with OpenSSL's error text).
  static Result<std::unique_ptr<TlsMaterial>> Generate();
  ~TlsMaterial();

  X509* server_cert() const { return server_cert_; }
  EVP_PKEY* server_key() const { return server_key_; }
  // PEM of the CA certificate, for certificate-authority-data.
  const std::string& ca_pem() const { return ca_pem_; }

 private:
  TlsMaterial() = default;
  X509* server_cert_ = nullptr;
  EVP_PKEY* server_key_ = nullptr;
  std::string ca_pem_;
};

}  // namespace ark::kubesim
