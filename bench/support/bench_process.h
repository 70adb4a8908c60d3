#pragma once

// The process side of a bench binary: its `--flag value` arguments, how it stops on an error,
// and the memory it used. Each measurement runs in its own process, so these are its own.

#include <cstdint>
#include <map>
#include <string>
#include <variant>

namespace ark::bench {

// Prints "<program>: <message>" to stderr and ends the process with status 1.
[[noreturn]] void Die(const std::string& message);

// Where a flag's value goes: the text as given, or a whole number.
using FlagTarget = std::variant<std::string*, int*, int64_t*>;

// Reads `--flag value` pairs from argv into `flags`. A flag missing from `flags`, one without
// a value, or a number that does not read ends the process (Die) naming the flag.
void ParseFlags(int argc, char** argv, const std::map<std::string, FlagTarget>& flags);

// The process's peak resident set so far, in MiB.
double PeakRssMib();

}  // namespace ark::bench
