#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "archive/tar_paths.h"
#include "archive/tarball_reader.h"
#include "archive/tarball_writer.h"
#include "archive/test_tar.h"
#include "support/process.h"
#include "util/fake_clock.h"

namespace ark::archive {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

std::string Write(const Entries& entries, int threads, const Clock* clock = nullptr) {
  StringSink sink;
  WriterOptions options;
  options.compression_threads = threads;
  if (clock) options.clock = clock;
  auto writer = NewTarballWriter(sink, options);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  for (const auto& [path, content] : entries) {
    Status s = (*writer)->Add(path, content);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  Status s = (*writer)->Close();
  EXPECT_TRUE(s.ok()) << s.ToString();
  return sink.Take();
}

Result<Entries> ReadAll(const std::string& tgz, const ReaderLimits& limits = {}) {
  StringSource source(tgz);
  ARK_ASSIGN_OR_RETURN(auto reader, NewTarballReader(source, limits));
  Entries out;
  while (true) {
    ARK_ASSIGN_OR_RETURN(std::optional<TarEntry> e, reader->Next());
    if (!e) return out;
    out.emplace_back(e->path, e->content);
  }
}

// Names long enough to need the ustar prefix field, and a PAX header.
std::string LongName(size_t n) { return std::string(n, 'n'); }

Entries SampleEntries() {
  Entries e = {
      {"metadata/version", "1\n"},
      {ItemPath("pods", "nginx-example", "web-1"), R"({"apiVersion":"v1","kind":"Pod"})"},
      {ItemPath("namespaces", "", "nginx-example"), R"({"kind":"Namespace"})"},
      {ItemPath("configmaps", "ns", "empty"), ""},
      {ItemPath("secrets", "ns", "exactly-512"), std::string(512, 'x')},
      // 100 < length, splits into prefix + name.
      {ItemPath("widgets.example.com", "a-namespace-with-a-long-name", LongName(60)), "{}"},
      // Name part over 100 bytes: PAX.
      {ItemPath("widgets.example.com", "ns", LongName(200)), "{\"pax\":true}"},
      // Prefix part over 155 bytes (a long namespace): PAX.
      {ItemPath(LongName(100) + ".example.com", LongName(63), "x"), "{}"},
  };
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "{\"i\":" + std::to_string(i) + "}";
  e.emplace_back(ItemPath("configmaps", "ns", "big"), big);
  return e;
}

TEST(TarballRoundTrip, EveryThreadCountReadsBackWhatWasWritten) {
  const Entries entries = SampleEntries();
  for (int threads : {1, 2, 4}) {
    SCOPED_TRACE(threads);
    std::string tgz = Write(entries, threads);
    auto read = ReadAll(tgz);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(*read, entries);
  }
}

TEST(TarballWriter, FollowsArkByteConventions) {
  FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1795560000)));
  std::string tgz = Write({{"resources/pods/namespaces/ns/p.json", "{}"}}, 1, &clock);
  ASSERT_GE(tgz.size(), 10u);
  // The header Go writes at level 1 (the default): XFL 4 = fastest; MTIME 0, OS 255 unknown.
  EXPECT_EQ(tgz.substr(0, 10), std::string("\x1f\x8b\x08\0\0\0\0\0\x04\xff", 10));
  std::string tar = testing::Gunzip(tgz);
  // One header, one data block, two zero blocks; no padding to 10 KiB.
  ASSERT_EQ(tar.size(), 4u * 512);
  EXPECT_EQ(tar.substr(0, 35), "resources/pods/namespaces/ns/p.json");
  EXPECT_EQ(tar.substr(100, 8), std::string("0000755\0", 8));
  EXPECT_EQ(tar.substr(108, 16), std::string("0000000\0"
                                             "0000000\0",
                                             16));
  EXPECT_EQ(tar.substr(124, 12), std::string("00000000002\0", 12));
  EXPECT_EQ(tar.substr(136, 12), std::string("15301411100\0", 12));  // 1795560000 in octal
  EXPECT_EQ(tar[156], '0');
  EXPECT_EQ(tar.substr(257, 8), std::string("ustar\0"
                                            "00",
                                            8));
  EXPECT_EQ(tar.substr(265, 64), std::string(64, '\0'));  // empty uname, gname
  EXPECT_EQ(tar.substr(329, 16), std::string("0000000\0"
                                             "0000000\0",
                                             16));
  EXPECT_EQ(tar[155], ' ');
  EXPECT_EQ(tar[154], '\0');
  EXPECT_EQ(tar.substr(512, 2), "{}");
  EXPECT_EQ(tar.substr(1024), std::string(1024, '\0'));
  // The checksum is what a ustar reader computes.
  std::string copy = tar.substr(0, 512);
  std::fill(copy.begin() + 148, copy.begin() + 156, ' ');
  unsigned sum = 0;
  for (unsigned char c : copy) sum += c;
  EXPECT_EQ(std::stoul(tar.substr(148, 6), nullptr, 8), sum);
}

TEST(TarballWriter, GzipExtraFlagsFollowTheLevelAsGoWritesThem) {
  struct Case {
    int level;
    char xfl;
  } cases[] = {{1, 4}, {6, 0}, {9, 2}};
  for (const Case& c : cases) {
    for (int threads : {1, 2}) {
      StringSink sink;
      auto writer = NewTarballWriter(
          sink, WriterOptions{.compression_level = c.level, .compression_threads = threads});
      ASSERT_TRUE(writer.ok());
      ASSERT_TRUE((*writer)->Add("a.json", "{}").ok());
      ASSERT_TRUE((*writer)->Close().ok());
      EXPECT_EQ(sink.str()[8], c.xfl) << c.level;
      EXPECT_EQ(sink.str()[9], '\xff');
      EXPECT_EQ(testing::Gunzip(sink.str()).substr(512, 2), "{}");
    }
  }
}

TEST(TarballWriter, SplitsLongNamesLikeGo) {
  std::string ns(80, 'n');
  std::string path = ItemPath("widgets.example.com", ns, "w");  // 129 bytes
  std::string tar = testing::Gunzip(Write({{path, "{}"}}, 2));
  size_t slash = path.rfind('/');
  EXPECT_EQ(tar.substr(0, 6), "w.json");
  EXPECT_EQ(tar.substr(345, slash), path.substr(0, slash));

  std::string long_path = ItemPath("widgets.example.com", "ns", LongName(120));
  tar = testing::Gunzip(Write({{long_path, "{}"}}, 2));
  EXPECT_EQ(tar[156], 'x');
  EXPECT_EQ(tar.substr(0, 48), "resources/widgets.example.com/namespaces/ns/PaxH");
  EXPECT_NE(tar.find(testing::PaxRecord("path", long_path)), std::string::npos);
}

TEST(TarballWriter, RejectsBadPathsAndUseAfterClose) {
  StringSink sink;
  auto writer = NewTarballWriter(sink);
  ASSERT_TRUE(writer.ok());
  for (const char* bad : {"", "/etc/passwd", "a/../b", "a//b", "./a", "a\\b"}) {
    Status s = (*writer)->Add(bad, "{}");
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << bad;
  }
  ASSERT_TRUE((*writer)->Add("a.json", "{}").ok());
  EXPECT_EQ((*writer)->entries(), 1);
  EXPECT_EQ((*writer)->uncompressed_bytes(), 2);
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_FALSE((*writer)->Add("b.json", "{}").ok());
  EXPECT_EQ(NewTarballWriter(sink, WriterOptions{.compression_level = 11}).status().code(),
            Code::kInvalidArgument);
}

// A sink that fails after `limit` bytes: the writer reports the error instead of hanging.
class FailingSink : public ByteSink {
 public:
  explicit FailingSink(size_t limit) : limit_(limit) {}
  Status Write(std::string_view data) override {
    written_ += data.size();
    if (written_ > limit_) return Unavailable("disk full");
    return Status::Ok();
  }

 private:
  size_t limit_;
  size_t written_ = 0;
};

TEST(TarballWriter, SinkErrorsSurface) {
  for (int threads : {1, 3}) {
    FailingSink sink(1000);
    auto writer = NewTarballWriter(sink, WriterOptions{.compression_threads = threads});
    ASSERT_TRUE(writer.ok());
    Status s;
    std::string random;
    uint32_t x = 12345;
    for (int i = 0; i < 300000; ++i)
      random.push_back(static_cast<char>((x = x * 1103515245 + 12345) >> 24));
    for (int i = 0; i < 20 && s.ok(); ++i)
      s = (*writer)->Add("f" + std::to_string(i) + ".json", random);
    if (s.ok()) s = (*writer)->Close();
    EXPECT_EQ(s.code(), Code::kUnavailable) << s.ToString();
  }
}

// What GNU tar and Python's tarfile (a stand-in for Go's archive/tar and compress/gzip, which
// read multi-member gzip the same way) list for a tarball we wrote.
TEST(TarballWriter, ReadableByGnuTarAndPython) {
  const Entries entries = SampleEntries();
  ark::testing::TempDir dir;
  for (int threads : {1, 2}) {
    SCOPED_TRACE(threads);
    // Small chunks are what the writer uses for big inputs; the big entry forces several members.
    std::string path = dir.File("t" + std::to_string(threads) + ".tar.gz");
    ark::testing::WriteFile(path, Write(entries, threads));
    std::string expected;
    for (const auto& e : entries) expected += e.first + "\n";

    auto tar = ark::testing::Run({"tar", "tzf", path});
    ASSERT_EQ(tar.exit_code, 0) << tar.err;
    EXPECT_EQ(tar.out, expected);
    auto tarv = ark::testing::Run({"tar", "tzvf", path});
    ASSERT_EQ(tarv.exit_code, 0) << tarv.err;
    EXPECT_NE(tarv.out.find("-rwxr-xr-x 0/0"), std::string::npos) << tarv.out;

    auto py = ark::testing::Run(
        {"python3", "-c",
         "import sys, tarfile\n"
         "with tarfile.open(sys.argv[1], 'r:gz') as t:\n"
         "  for m in t:\n"
         "    assert m.isreg() and m.mode == 0o755 and m.uid == 0 and m.uname == '', m\n"
         "    t.extractfile(m).read()\n"
         "    print(m.name)\n",
         path});
    ASSERT_EQ(py.exit_code, 0) << py.err;
    EXPECT_EQ(py.out, expected);
    auto gz = ark::testing::Run({"gzip", "-t", path});
    EXPECT_EQ(gz.exit_code, 0) << gz.err;
  }
}

// GNU tar's own long-name and PAX output is read too.
TEST(TarballReader, ReadsArchivesWrittenByGnuTar) {
  ark::testing::TempDir dir;
  std::string long_dir = "resources/" + LongName(120) + "/namespaces/ns";
  ASSERT_EQ(ark::testing::Run({"mkdir", "-p", dir.File("root/" + long_dir)}).exit_code, 0);
  ark::testing::WriteFile(dir.File("root/" + long_dir + "/" + LongName(150) + ".json"),
                          "{\"a\":1}");
  for (const char* format : {"gnu", "pax"}) {
    SCOPED_TRACE(format);
    std::string out = dir.File(std::string(format) + ".tar.gz");
    auto r = ark::testing::Run(
        {"tar", "czf", out, "--format", format, "-C", dir.File("root"), "resources"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto read = ReadAll(ark::testing::ReadFile(out));
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    ASSERT_EQ(read->size(), 1u);  // directories are skipped
    EXPECT_EQ((*read)[0].first, long_dir + "/" + LongName(150) + ".json");
    EXPECT_EQ((*read)[0].second, "{\"a\":1}");
  }
}

}  // namespace
}  // namespace ark::archive
