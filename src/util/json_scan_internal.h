#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// The lexical pieces of json_scan, shared with json_canonical. Positions are offsets into
// `t`; npos means malformed.
namespace ark::json_scan::internal {

// The first offset at or after `p` that is not JSON whitespace.
size_t SkipSpace(std::string_view t, size_t p);
// Past the string whose opening quote is t[p].
size_t StringEnd(std::string_view t, size_t p);
// Past the scalar (string, number, true/false/null) starting at t[p].
size_t ScalarEnd(std::string_view t, size_t p);
// Decodes the escaped text between a string's quotes into UTF-8.
bool DecodeInner(std::string_view s, std::string* out);

}  // namespace ark::json_scan::internal
