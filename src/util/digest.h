#pragma once

#include <string>
#include <string_view>

namespace ark {

// The hashes request signing needs (SigV4, GCS V4 signed URLs, Azure SharedKey), from
// OpenSSL. Pure functions, thread-safe.

// Lower-case hex of raw bytes.
std::string HexEncode(std::string_view bytes);
// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// Raw (32-byte) HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

}  // namespace ark
