#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "api/backup.h"
#include "api/label_selector.h"
#include "api/restore.h"
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
// The same of a typed time; "<unknown>" when unset.
std::string HumanTimestamp(const std::optional<Clock::TimePoint>& time);
// Time left until `time`, humanized as Ark prints EXPIRES: "29d", "5h", "3m", "10s";
// "n/a" when unset.
std::string HumanUntil(const std::optional<Clock::TimePoint>& time, Clock::TimePoint now);
// metadata.labels as "a=b,c=d" ("<none>" when empty).
std::string LabelsText(const std::map<std::string, std::string>& labels);
// spec.labelSelector (or spec.template.labelSelector) as "app=nginx" ("<none>" when unset or
// empty, "<invalid>" when its keys or values are not labels).
std::string SelectorText(const std::optional<api::LabelSelector>& selector);

// status.progress of a Backup or Restore as "done/total"; "<none>" before any progress was
// recorded.
std::string ProgressText(const api::BackupStatus& status);
std::string ProgressText(const api::RestoreStatus& status);

// Sorts by name; names ending in -YYYYMMDDhhmmss are grouped by prefix, newest first.
void SortByName(std::vector<nlohmann::json>& objects);

}  // namespace ark::cli
