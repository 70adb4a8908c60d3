// The `ark` executable: everything is in the ark_cli library (cli/cli.h).
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "util/allocator_tuning.h"

int main(int argc, char** argv) {
  ark::TuneAllocatorForStreaming();
  std::vector<std::string> args(argv + 1, argv + argc);
  return ark::cli::Run(args, std::cout, std::cerr);
}
