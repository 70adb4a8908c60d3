#pragma once

#include <iostream>
#include <string>
#include <vector>

#include "util/clock.h"

namespace ark::cli {

// Runs `ark` with `args` (without the program name). Returns the exit code: 0 on success,
// 1 when the command failed (the message is on `err` as "An error occurred: ..."), 2 for a
// usage error (bad flag, missing argument; the message names it).
int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const Clock& clock = SystemClock());

}  // namespace ark::cli
