#pragma once

#include <string>
#include <string_view>

namespace ark::cloud::aws {

// Hashes and MACs for request signing (OpenSSL). Pure functions, thread-safe.

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// Raw (32-byte) HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
// Lower-case hex of raw bytes.
std::string HexEncode(std::string_view bytes);
// Base64 MD5 of `data`, as the Content-MD5 header wants it.
std::string Md5Base64(std::string_view data);

}  // namespace ark::cloud::aws
