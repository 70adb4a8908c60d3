#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "util/clock.h"
#include "util/result.h"

namespace ark::cli {

// -o/--output: "table" (default for get), "json" or "yaml". InvalidArgument otherwise.
Status ValidateOutputFormat(const std::string& format);

// Prints `object` as pretty JSON (2-space indent) or YAML.
void PrintObject(std::ostream& out, const nlohmann::json& object, const std::string& format);
// Several objects: one object as itself, otherwise a `List` with `items`.
void PrintObjects(std::ostream& out, const std::vector<nlohmann::json>& objects,
                  const std::string& format);
std::string ToYaml(const nlohmann::json& value);

// Columns left-aligned, separated by at least three spaces (kubectl's printer).
void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

// "2017-11-06 22:46:06 +0000 UTC" (Go's time.Time String) or "<unknown>" when empty/bad.
std::string HumanTimestamp(const std::string& rfc3339);
// Time left until `rfc3339`, humanized as Ark prints EXPIRES: "29d", "5h", "3m", "10s";
// "n/a" when unset.
std::string HumanUntil(const std::string& rfc3339, Clock::TimePoint now);
// metadata.labels as "a=b,c=d" ("<none>" when empty).
std::string LabelsText(const nlohmann::json& object);
// spec.labelSelector (or spec.template.labelSelector) as "app=nginx" ("<none>" when empty).
std::string SelectorText(const nlohmann::json& selector);

// status.progress of a Backup or Restore as "done/total" (`done_key`: "itemsBackedUp" or
// "itemsRestored"); "<none>" before any progress was recorded.
std::string ProgressText(const nlohmann::json& object, const char* done_key);

// Sorts by name; names ending in -YYYYMMDDhhmmss are grouped by prefix, newest first.
void SortByName(std::vector<nlohmann::json>& objects);

}  // namespace ark::cli
