#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ark {

// Durations in the text form Go's time.ParseDuration reads and time.Duration.String writes,
// which is also the form of a Kubernetes metav1.Duration ("24h0m0s", "30m", "1h30m",
// "1.5s", "500ms").

// Parses a signed sequence of decimal numbers, each with an optional fraction and a unit
// (ns, us, µs, ms, s, m, h). "0" alone is accepted. Bad input is InvalidArgument naming the
// text, e.g. `invalid duration "1d": unknown unit "d" (valid: ns, us, ms, s, m, h)`.
// Values beyond ±292 years are OutOfRange.
Result<std::chrono::nanoseconds> ParseDuration(std::string_view text);

// Formats like Go's Duration.String: "24h0m0s", "1h30m0s", "1.5s", "500ms", "0s", "-2m3s".
std::string FormatDuration(std::chrono::nanoseconds d);

}  // namespace ark
