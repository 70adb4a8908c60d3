#pragma once

#include <string>
#include <string_view>

#include "util/digest.h"  // Sha256Hex, HmacSha256, HexEncode

namespace ark::cloud::aws {

// S3's Content-MD5 (OpenSSL); the signing hashes are util/digest.h. Thread-safe.

// Base64 MD5 of `data`, as the Content-MD5 header wants it.
std::string Md5Base64(std::string_view data);

}  // namespace ark::cloud::aws
