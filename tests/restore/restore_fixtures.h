#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ark::restore::testing {

// The real Ark/Velero backups in tests/fixtures, found next to the source tree as
// ARK_SOURCE_DIR "/tests/fixtures". A missing file fails the calling test with the path.
std::string FixturePath(const std::string& relative);
// The file's bytes, gunzipped when the name ends in ".gz" and `gunzip` is true.
std::string ReadFixture(const std::string& relative, bool gunzip = false);
// A JSON fixture (".gz" files are gunzipped first).
nlohmann::json ReadFixtureJson(const std::string& relative);

}  // namespace ark::restore::testing
