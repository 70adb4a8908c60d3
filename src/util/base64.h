#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ark {

// Standard base64 (RFC 4648 section 4, padded): kubeconfig *-data fields, Secret data,
// HMAC signatures. Decoding ignores whitespace and returns nullopt on any other character
// outside the alphabet.
std::string Base64Encode(std::string_view data);
std::optional<std::string> Base64Decode(std::string_view text);

// URL-safe base64 without padding (RFC 4648 section 5), as JWT segments use it.
std::string Base64UrlEncode(std::string_view data);

}  // namespace ark
