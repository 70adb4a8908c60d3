#pragma once

// A provider's environment of fixed variables, for the cloud providers' tests: what the
// process environment gives a provider in production, without touching the test process's.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cloud/provider_registry.h"
#include "util/clock.h"

namespace ark::testing {

// A ProviderEnv whose getenv answers from `vars` alone and whose clock is `clock`.
inline cloud::ProviderEnv ProviderEnvOf(const Clock& clock,
                                        std::map<std::string, std::string> vars) {
  cloud::ProviderEnv env;
  env.clock = &clock;
  env.getenv = [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  return env;
}

// The same on the system clock.
inline cloud::ProviderEnv ProviderEnvOf(std::map<std::string, std::string> vars) {
  return ProviderEnvOf(SystemClock(), std::move(vars));
}

}  // namespace ark::testing
