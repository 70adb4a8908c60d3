#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ark {

// Percent-encoding over the RFC 3986 unreserved set: ALPHA, DIGIT, '-', '.', '_' and '~' pass
// through, every other byte becomes "%XX" with upper-case hex. This is the form SigV4, GCS V4
// signing, Azure Shared Key / SAS and Kubernetes query parameters all expect, so one encoder
// serves every provider and the kube client. With `keep_slash`, '/' passes through too (object
// keys written into a URL path). Independent of the C locale.
//
//   PercentEncode("a b/c")       -> "a%20b%2Fc"
//   PercentEncode("a b/c", true) -> "a%20b/c"
std::string PercentEncode(std::string_view text, bool keep_slash = false);

// Reverses percent-encoding: "%XX" (either hex case) becomes its byte and a malformed escape
// is kept as written. '+' stays '+' unless `plus_is_space` (HTML form encoding, as Azure
// reads its query parameters).
std::string PercentDecode(std::string_view text, bool plus_is_space = false);

// Like PercentDecode, but nullopt when a '%' is not followed by two hex digits: for inputs
// where a malformed escape is an error rather than text (file:// URLs).
std::optional<std::string> PercentDecodeStrict(std::string_view text);

}  // namespace ark
