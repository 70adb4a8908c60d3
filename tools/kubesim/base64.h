#pragma once

#include <string>
#include <string_view>

namespace ark::kubesim {

// Standard base64 with padding (RFC 4648 §4).
std::string Base64Encode(std::string_view in);
// Accepts the standard and the URL alphabet, padding optional; false on any other byte.
bool Base64Decode(std::string_view in, std::string* out);

}  // namespace ark::kubesim
