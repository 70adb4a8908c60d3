#pragma once

#include <string>
#include <string_view>

namespace ark {

// ASCII text helpers for protocol text (header names, config files, token files), the same
// whatever the C locale.

// `text` with 'A'..'Z' turned into 'a'..'z'; other bytes unchanged.
std::string AsciiLower(std::string_view text);

// `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r).
std::string TrimAsciiSpace(std::string_view text);

}  // namespace ark
