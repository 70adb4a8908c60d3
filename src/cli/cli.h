#pragma once

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "util/clock.h"

namespace CLI {
class App;
}

namespace ark::cli {

class Session;

// A command the `ark` executable adds to the client's (`ark server`, from the server library,
// which the client library does not link).
using CommandAdder = std::function<void(CLI::App& app, Session& s)>;

// Runs `ark` with `args` (without the program name). Returns the exit code: 0 on success,
// 1 when the command failed (the message is on `err` as "An error occurred: ..."), 2 for a
// usage error (bad flag, missing argument; the message names it). `extra_commands` are added
// after the client's own (before `version` and `completion`).
int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const Clock& clock = SystemClock(), const std::vector<CommandAdder>& extra_commands = {});

}  // namespace ark::cli
