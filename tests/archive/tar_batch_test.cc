#include "archive/tar_batch.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "archive/gzip_writer.h"
#include "archive/member_compressor.h"
#include "archive/tar_paths.h"
#include "archive/tarball_writer.h"
#include "archive/test_tar.h"
#include "util/fake_clock.h"

namespace ark::archive {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

Entries Sample() {
  return {{"metadata/version", "1\n"},
          {ItemPath("configmaps", "ns", "empty"), ""},
          {ItemPath("secrets", "ns", "exactly-512"), std::string(512, 'x')},
          {ItemPath("widgets.example.com", "ns", std::string(200, 'n')), "{\"pax\":true}"},
          {ItemPath("pods", "nginx-example", "web-1"), R"({"apiVersion":"v1","kind":"Pod"})"}};
}

std::string TarOf(const std::function<void(TarballWriter&)>& fill) {
  FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1795560000)));
  StringSink sink;
  WriterOptions options;
  options.clock = &clock;
  auto writer = NewTarballWriter(sink, options);
  EXPECT_TRUE(writer.ok());
  fill(**writer);
  EXPECT_TRUE((*writer)->Close().ok());
  return testing::Gunzip(sink.str());
}

TEST(TarBatchTest, FramesTheSameBytesAsAdd) {
  const Entries entries = Sample();
  const std::string added = TarOf([&](TarballWriter& w) {
    for (const auto& [path, content] : entries) ASSERT_TRUE(w.Add(path, content).ok());
  });
  const std::string batched = TarOf([&](TarballWriter& w) {
    TarBatch batch = w.NewBatch();
    for (const auto& [path, content] : entries) {
      // Content written after the header is reserved, as a backup worker writes an item.
      const size_t mark = batch.BeginEntry();
      batch.buffer()->append(content);
      ASSERT_TRUE(batch.EndEntry(mark, path).ok());
    }
    EXPECT_EQ(batch.entries(), static_cast<int64_t>(entries.size()));
    ASSERT_TRUE(w.AddBatch(batch).ok());
    EXPECT_EQ(w.entries(), static_cast<int64_t>(entries.size()));
  });
  ASSERT_FALSE(added.empty());
  EXPECT_EQ(batched, added);
}

TEST(TarBatchTest, DroppedAndInvalidEntriesLeaveNoTrace) {
  const std::string one =
      TarOf([&](TarballWriter& w) { ASSERT_TRUE(w.Add("a/b.json", "{}").ok()); });
  const std::string with_drops = TarOf([&](TarballWriter& w) {
    TarBatch batch = w.NewBatch();
    size_t mark = batch.BeginEntry();
    batch.buffer()->append("not selected");
    batch.DropEntry(mark);
    mark = batch.BeginEntry();
    batch.buffer()->append("{}");
    ASSERT_TRUE(batch.EndEntry(mark, "a/b.json").ok());
    mark = batch.BeginEntry();
    batch.buffer()->append("{}");
    Status bad = batch.EndEntry(mark, "../escape.json");
    EXPECT_EQ(bad.code(), Code::kInvalidArgument);
    EXPECT_NE(bad.message().find("../escape.json"), std::string::npos) << bad.ToString();
    EXPECT_EQ(batch.entries(), 1);
    EXPECT_EQ(batch.content_bytes(), 2);
    ASSERT_TRUE(w.AddBatch(batch).ok());
  });
  EXPECT_EQ(with_drops, one);
}

// Every level, through the parallel member path, on text and on incompressible bytes (which
// igzip may not fit in its output room: the member then comes from libdeflate).
TEST(MemberCompressorTest, EveryLevelRoundTripsTextAndRandomBytes) {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += R"({"metadata":{"name":"cm-)" + std::to_string(i) + "\"}},";
  std::string noise(300000, '\0');
  std::mt19937 rng(7);
  for (char& c : noise) c = static_cast<char>(rng());
  for (int level = 0; level <= 9; ++level) {
    SCOPED_TRACE(level);
    auto compressor = NewMemberCompressor(level);
    ASSERT_TRUE(compressor.ok()) << compressor.status().ToString();
    for (const std::string* input : {&text, &noise}) {
      std::string out(7, 'x');  // a reused buffer: its length is not the member's
      auto n = (*compressor)->Compress(*input, &out);
      ASSERT_TRUE(n.ok()) << n.status().ToString();
      const std::string member = out.substr(0, *n);
      EXPECT_EQ(member.substr(0, 4), std::string("\x1f\x8b\x08\0", 4));
      EXPECT_EQ(testing::Gunzip(member), *input);
      if (input == &text && level > 0) {
        EXPECT_LT(*n, input->size() / 4);
      }
    }
  }
  EXPECT_EQ(GzipHeader(1), std::string("\x1f\x8b\x08\0\0\0\0\0\x04\xff", 10));
  EXPECT_FALSE(NewMemberCompressor(10).ok());
}

}  // namespace
}  // namespace ark::archive
