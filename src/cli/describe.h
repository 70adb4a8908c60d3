#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "util/clock.h"

namespace ark::cli {

// `ark backup|restore|schedule describe` text: spec, phase, timestamps, counts, volume
// snapshots, validation errors and the failure reason. `results` is the restore's results
// file ({"warnings": RestoreResult, "errors": RestoreResult}) or null when not fetched.
void DescribeBackup(std::ostream& out, const nlohmann::json& backup);
void DescribeRestore(std::ostream& out, const nlohmann::json& restore, const nlohmann::json& results);
void DescribeSchedule(std::ostream& out, const nlohmann::json& schedule);

}  // namespace ark::cli
