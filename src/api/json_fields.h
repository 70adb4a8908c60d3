#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

namespace ark::api {

using Json = nlohmann::json;

// Typed reads and writes of one field of a JSON object, shared by every API type.
//
// Reads: a missing or null field leaves `*out` untouched (the caller's default) and is OK; a
// field of the wrong type is InvalidArgument naming the full path and the value, e.g.
//   spec.ttl: expected a duration string such as "24h0m0s", got number 5
// `where` is the path of `obj` ("spec", "status.volumeBackups.pv-1"), "" for the root.
//
// Writes keep round trips lossless: a zero value (empty string/list/map, nullopt, 0, false)
// never replaces a field that is missing or null, so `null` and absent fields come back
// exactly as they were read; a non-zero value always replaces the field. Durations and times
// keep the original text when it still denotes the same value ("24h" stays "24h").

std::string FieldPath(std::string_view where, std::string_view key);

// `value` as JSON text for an error message, cut to at most `max` characters ("..." marks a
// cut), so a hostile megabyte-long field never reaches a log or a status whole.
std::string ValuePreview(const Json& value, size_t max = 64);

Status ReadString(const Json& obj, std::string_view where, const char* key, std::string* out);
Status ReadBool(const Json& obj, std::string_view where, const char* key, bool* out);
Status ReadOptionalBool(const Json& obj, std::string_view where, const char* key,
                        std::optional<bool>* out);
Status ReadInt(const Json& obj, std::string_view where, const char* key, int64_t* out);
Status ReadOptionalInt(const Json& obj, std::string_view where, const char* key,
                       std::optional<int64_t>* out);
Status ReadStringList(const Json& obj, std::string_view where, const char* key,
                      std::vector<std::string>* out);
Status ReadStringMap(const Json& obj, std::string_view where, const char* key,
                     std::map<std::string, std::string>* out);
Status ReadDuration(const Json& obj, std::string_view where, const char* key,
                    std::chrono::nanoseconds* out);
Status ReadTime(const Json& obj, std::string_view where, const char* key,
                std::optional<Clock::TimePoint>* out);
// The field as an object (missing/null -> *out = null); other types are an error.
Status ReadObject(const Json& obj, std::string_view where, const char* key, const Json** out);

void WriteString(Json& obj, const char* key, const std::string& value);
void WriteBool(Json& obj, const char* key, bool value);
void WriteOptionalBool(Json& obj, const char* key, const std::optional<bool>& value);
void WriteInt(Json& obj, const char* key, int64_t value);
void WriteOptionalInt(Json& obj, const char* key, const std::optional<int64_t>& value);
void WriteStringList(Json& obj, const char* key, const std::vector<std::string>& value);
void WriteStringMap(Json& obj, const char* key, const std::map<std::string, std::string>& value);
void WriteDuration(Json& obj, const char* key, std::chrono::nanoseconds value);
void WriteTime(Json& obj, const char* key, const std::optional<Clock::TimePoint>& value);
// Writes `value` unless it is an empty object and the field is missing or null.
void WriteObject(Json& obj, const char* key, Json value);

// `raw` when it is an object, else {}: the starting point of every ToJson.
Json BaseObject(const Json& raw);

}  // namespace ark::api
