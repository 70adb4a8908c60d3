#pragma once

#include <CLI/CLI.hpp>

#include "cli/session.h"

namespace ark::server {

// `ark server`: its flags, and an action that wires the real clients, providers and engines
// into a Server and runs it until SIGTERM or SIGINT. The `ark` executable adds it to the
// client's commands (cli::Run's extra commands), so the client library never links the server.
CLI::App* AddServerCommand(CLI::App& parent, cli::Session& s);

}  // namespace ark::server
