#include "restore_fixtures.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ark::restore::testing {

std::string FixturePath(const std::string& relative) {
  const std::string path = std::string(ARK_SOURCE_DIR) + "/tests/fixtures/" + relative;
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "fixture missing: " << path
                  << " (the real Ark/Velero backups must be at ARK_SOURCE_DIR/tests/fixtures)";
  }
  return path;
}

std::string ReadFixture(const std::string& relative, bool gunzip) {
  const std::string path = FixturePath(relative);
  if (!gunzip) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return "";
  std::string out;
  char buf[65536];
  int n;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

nlohmann::json ReadFixtureJson(const std::string& relative) {
  const bool gz = relative.size() > 3 && relative.substr(relative.size() - 3) == ".gz";
  return nlohmann::json::parse(ReadFixture(relative, gz), nullptr, false);
}

}  // namespace ark::restore::testing
