// The `ark` executable: the client (ark_cli, cli/cli.h) with `ark server` (ark_server) added.
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "server/server_cmd.h"
#include "util/allocator_tuning.h"

int main(int argc, char** argv) {
  ark::TuneAllocatorForStreaming();
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::vector<ark::cli::CommandAdder> server = {
      [](CLI::App& app, ark::cli::Session& s) { ark::server::AddServerCommand(app, s); }};
  return ark::cli::Run(args, std::cout, std::cerr, ark::SystemClock(), server);
}
