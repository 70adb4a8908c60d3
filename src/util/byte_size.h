#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ark {

// Byte counts as Kubernetes quantities write them: a whole number with an optional binary
// (Ki, Mi, Gi, Ti) or decimal (k, M, G, T) suffix: "256Mi", "1G", "1048576".
// Bad input is InvalidArgument naming the text and what is accepted, e.g.
// `invalid size "12MB": unknown suffix "MB" (valid: Ki, Mi, Gi, Ti, k, M, G, T)`; values
// beyond int64 are OutOfRange.
Result<int64_t> ParseByteSize(std::string_view text);

// The shortest exact form: "256Mi", "1500k", "17".
std::string FormatByteSize(int64_t bytes);

}  // namespace ark
