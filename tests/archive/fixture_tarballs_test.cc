// The real tarballs Ark v0.3.3, Ark v0.5.1 and Velero v1.1.0 wrote (tests/fixtures): our
// reader lists exactly the entries fixtures/README.md lists, and our writer reproduces their
// tar bytes (all but the mtimes and checksums) from their entries.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "archive/tar_paths.h"
#include "archive/tarball_reader.h"
#include "archive/tarball_writer.h"
#include "archive/test_tar.h"
#include "support/process.h"

namespace ark::archive {
namespace {

const std::string kFixtures = ARK_SOURCE_DIR "/tests/fixtures";

struct Fixture {
  std::string path;  // relative to kFixtures
  size_t entries;
  bool v03_layout;
};

const Fixture kTarballs[] = {
    {"ark-v0.5.1/full-cluster/full-cluster.tar.gz", 235, false},
    {"ark-v0.5.1/nginx-ns/nginx-ns.tar.gz", 21, false},
    {"ark-v0.5.1/nginx-selector/nginx-selector.tar.gz", 12, false},
    {"ark-v0.3.3/full-cluster/full-cluster.tar.gz", 235, true},
    {"ark-v0.3.3/nginx-ns/nginx-ns.tar.gz", 198, true},
    {"ark-v0.3.3/nginx-selector/nginx-selector.tar.gz", 12, true},
    {"velero-v1.1.0/backups/full-cluster/full-cluster.tar.gz", 240, false},
    {"velero-v1.1.0/backups/nginx-ns/nginx-ns.tar.gz", 19, false},
    {"velero-v1.1.0/backups/nginx-selector/nginx-selector.tar.gz", 13, false},
};

std::string ReadFixture(const std::string& rel) {
  std::string path = kFixtures + "/" + rel;
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "fixture " << path << " is missing: the shared/ fixtures must sit next to the "
                  << "repository checkout";
    return "";
  }
  return ark::testing::ReadFile(path);
}

// The listing README.md gives after "`tar tzf <rel>` (N entries):".
std::vector<std::string> ReadmeListing(const std::string& rel) {
  std::istringstream in(ReadFixture("README.md"));
  std::string line;
  std::vector<std::string> out;
  bool found = false, in_block = false;
  while (std::getline(in, line)) {
    if (!found) {
      found = line.rfind("`tar tzf " + rel + "`", 0) == 0;
      continue;
    }
    if (line == "```") {
      if (in_block) break;
      in_block = true;
      continue;
    }
    if (in_block) out.push_back(line);
  }
  return out;
}

std::vector<TarEntry> ReadEntries(const std::string& tgz) {
  StringSource source(tgz);
  auto reader = NewTarballReader(source);
  EXPECT_TRUE(reader.ok());
  std::vector<TarEntry> out;
  while (true) {
    auto e = (*reader)->Next();
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    if (!e.ok() || !e->has_value()) return out;
    out.push_back(std::move(**e));
  }
}

TEST(FixtureTarballs, ReaderListsTheEntriesTheReadmeLists) {
  for (const Fixture& f : kTarballs) {
    SCOPED_TRACE(f.path);
    std::vector<TarEntry> entries = ReadEntries(ReadFixture(f.path));
    std::vector<std::string> paths;
    for (const TarEntry& e : entries) paths.push_back(e.path);
    EXPECT_EQ(paths.size(), f.entries);
    EXPECT_EQ(paths, ReadmeListing(f.path));
    for (const TarEntry& e : entries) {
      auto loc = ParseItemPath(e.path);
      ASSERT_TRUE(loc.ok()) << loc.status().ToString();
      if (!loc->has_value()) {
        EXPECT_EQ(e.path, "metadata/version");
        EXPECT_EQ(e.content, "1\n");
        continue;
      }
      EXPECT_EQ(e.path.rfind("resources/", 0) != 0, f.v03_layout) << e.path;
      auto json = nlohmann::json::parse(e.content, nullptr, /*allow_exceptions=*/false);
      ASSERT_FALSE(json.is_discarded()) << e.path;
      EXPECT_EQ(json["metadata"]["name"], (*loc)->name) << e.path;
    }
  }
}

// Blanks the fields that legitimately differ between two writers: mtime and checksum.
std::string WithoutTimes(std::string tar) {
  for (size_t off = 0; off + 512 <= tar.size(); off += 512) {
    std::string_view block(tar.data() + off, 512);
    if (block.substr(257, 6) != std::string_view("ustar\0", 6)) continue;
    long long size = std::stoll(std::string(block.substr(124, 11)), nullptr, 8);
    std::fill(tar.begin() + off + 136, tar.begin() + off + 156, '#');
    off += (size + 511) / 512 * 512;
  }
  return tar;
}

TEST(FixtureTarballs, WriterReproducesTheirTarBytes) {
  for (const Fixture& f : kTarballs) {
    SCOPED_TRACE(f.path);
    std::string original = ReadFixture(f.path);
    StringSink sink;
    // At Go's default level, as Ark wrote them, the gzip header is theirs byte for byte.
    auto writer =
        NewTarballWriter(sink, WriterOptions{.compression_level = 6, .compression_threads = 2});
    ASSERT_TRUE(writer.ok());
    for (const TarEntry& e : ReadEntries(original))
      ASSERT_TRUE((*writer)->Add(e.path, e.content).ok());
    ASSERT_TRUE((*writer)->Close().ok());
    std::string ours = testing::Gunzip(sink.str());
    std::string theirs = testing::Gunzip(original);
    ASSERT_FALSE(ours.empty());
    EXPECT_EQ(ours.size(), theirs.size());
    EXPECT_TRUE(WithoutTimes(ours) == WithoutTimes(theirs));
    EXPECT_EQ(sink.str().substr(0, 10), original.substr(0, 10));  // same gzip header
  }
}

}  // namespace
}  // namespace ark::archive
