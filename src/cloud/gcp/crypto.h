#pragma once

#include <string>
#include <string_view>

#include "util/digest.h"  // Sha256Hex, HexEncode
#include "util/result.h"

namespace ark::cloud::gcp {

// Encodings, hashes and RSA signing for service-account auth (OpenSSL). Thread-safe.

// PKCS#1 v1.5 RSA-SHA256 signature of `data` with the PEM private key `pem_key` (PKCS#8 or
// PKCS#1). InvalidArgument "<what>: not a PEM RSA private key" when the key does not parse;
// the key itself never appears in the error.
Result<std::string> RsaSha256Sign(std::string_view pem_key, std::string_view data,
                                  std::string_view what);

// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string RandomUuid();

}  // namespace ark::cloud::gcp
