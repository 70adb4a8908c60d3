#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ark::kube {

// Standard base64 (RFC 4648 section 4, padded), as kubeconfig *-data fields hold PEM text.
// Decoding ignores whitespace and returns nullopt on any other non-alphabet character.
std::string Base64Encode(std::string_view data);
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace ark::kube
