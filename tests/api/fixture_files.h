#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace ark::api::testing {

// The shared fixtures written by real Ark/Velero servers (see fixtures/README.md), under
// $ARK_FIXTURES_DIR or next to the source tree (ARK_SOURCE_DIR "/tests/fixtures").
inline std::string FixturePath(const std::string& relative) {
  const char* dir = std::getenv("ARK_FIXTURES_DIR");
  return std::string(dir != nullptr ? dir : ARK_SOURCE_DIR "/tests/fixtures") + "/" + relative;
}

inline nlohmann::json ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

}  // namespace ark::api::testing
