#include "support/bench_process.h"

#include <errno.h>  // program_invocation_short_name
#include <sys/resource.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace ark::bench {

void Die(const std::string& message) {
  std::cerr << program_invocation_short_name << ": " << message << "\n";
  std::exit(1);
}

namespace {

// std::stoi / std::stoll of a flag's value, with the flag named when it is not a number.
template <typename Int, typename Parse>
Int ReadNumber(const std::string& flag, const std::string& value, Parse parse) {
  try {
    size_t used = 0;
    Int n = parse(value, &used);
    if (used == value.size()) return n;
  } catch (const std::logic_error&) {
  }
  Die("flag " + flag + " needs a whole number, not \"" + value + "\"");
}

}  // namespace

void ParseFlags(int argc, char** argv, const std::map<std::string, FlagTarget>& flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) Die("flag " + flag + " needs a value");
    const std::string value = argv[++i];
    auto target = flags.find(flag);
    if (target == flags.end()) Die("unknown flag " + flag);
    if (auto* text = std::get_if<std::string*>(&target->second)) {
      **text = value;
    } else if (auto* number = std::get_if<int*>(&target->second)) {
      **number = ReadNumber<int>(
          flag, value, [](const std::string& v, size_t* used) { return std::stoi(v, used); });
    } else {
      *std::get<int64_t*>(target->second) =
          ReadNumber<int64_t>(flag, value, [](const std::string& v, size_t* used) {
            return static_cast<int64_t>(std::stoll(v, used));
          });
    }
  }
}

double PeakRssMib() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace ark::bench
