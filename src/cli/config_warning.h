#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/session.h"

namespace ark::cli {

// Why the server will not run a new request, judged from its Config "default" (`config`;
// nullptr when there is none in namespace `ns`); "" when nothing stands in the way. `what` is
// "backup", "schedule" or "restore"; backups and
// schedules do not run in restore-only mode. The Config's status (written by the server) is
// believed when it judged the current generation; otherwise the CLI reads the Config with the
// server's own rules (api::ParseServerConfig). Example:
//   the ark server found Config "default" invalid: restoreOnlyMode: expected true or false,
//   got string "true". This backup will not run until the Config is fixed.
std::string WhyRequestWillNotRun(const nlohmann::json* config, const std::string& ns,
                                 const std::string& what);

// Reads Config "default" and prints WhyRequestWillNotRun on s.err() as "Warning: ...". The
// request is created all the same, as kubectl would: fixing the Config lets it run. A Config
// that cannot be read (no permission, API errors) gives no warning: a warning is not worth
// failing a command for.
void WarnIfRequestWillNotRun(Session& s, const std::string& what);

}  // namespace ark::cli
