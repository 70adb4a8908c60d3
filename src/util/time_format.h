#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/clock.h"
#include "util/result.h"

namespace ark {

// The timestamp forms Ark writes, always in UTC.

// "2017-11-06T22:46:06Z": RFC 3339 with whole seconds, as a Kubernetes metav1.Time.
// Sub-second parts are truncated.
std::string FormatRfc3339(Clock::TimePoint t);

// "20171106T224606Z": ISO 8601 basic format, the X-Amz-Date of AWS SigV4 and the X-Goog-Date
// of GCS V4 signing.
std::string FormatIso8601Basic(Clock::TimePoint t);

// "20171106": the date of a SigV4 / GCS V4 credential scope.
std::string FormatBasicDate(Clock::TimePoint t);

// "Mon, 06 Nov 2017 22:46:06 GMT": RFC 1123 as HTTP dates write it (Azure's x-ms-date).
// English day and month names whatever the C locale.
std::string FormatRfc1123(Clock::TimePoint t);

// Reads RFC 3339: "2017-11-06T22:46:06Z", with an optional fraction
// ("...06.123456Z") and a "Z" or numeric offset ("+02:00"); a lower-case 't'/'z' is accepted.
// Bad input is InvalidArgument quoting the text and what was expected.
Result<Clock::TimePoint> ParseRfc3339(std::string_view text);

// "20171106224606": the YYYYMMDDhhmmss stamp in generated names such as
// "<schedule>-20171106224606" and "<backup>-20171106224606".
std::string FormatNameTimestamp(Clock::TimePoint t);

// True when `name` ends in "-YYYYMMDDhhmmss"; sets *prefix to the part before the dash.
bool SplitNameTimestamp(std::string_view name, std::string_view* prefix, std::string_view* stamp);

}  // namespace ark
