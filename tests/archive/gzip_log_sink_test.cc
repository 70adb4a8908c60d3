#include "archive/gzip_log_sink.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "archive/test_tar.h"
#include "support/process.h"

namespace ark::archive {
namespace {

using ark::testing::ReadFile;
using ark::testing::TempDir;

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Accepts `limit` bytes, then fails every Write: a disk that fills up.
class FillingSink final : public ByteSink {
 public:
  explicit FillingSink(size_t limit) : limit_(limit) {}
  Status Write(std::string_view data) override {
    written_ += data.size();
    if (written_ > limit_) return Status(Code::kResourceExhausted, "disk full");
    return Status::Ok();
  }

 private:
  const size_t limit_;
  size_t written_ = 0;
};

// Takes every Write, fails Close: a file whose last flush fails.
class FailingCloseSink final : public ByteSink {
 public:
  Status Write(std::string_view) override { return Status::Ok(); }
  Status Close() override { return DataLoss("closing log: I/O error"); }
};

TEST(GzipLogSink, DecompressesToWhatMemorySinkHolds) {
  TempDir dir;
  auto sink = GzipLogSink::OpenFile(dir.File("log.gz"));
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  MemorySink memory;
  const std::vector<std::string> lines = {
      "time=\"2027-01-15T08:00:00Z\" level=info msg=\"Backing up item\" backup=ns/b",
      "",
      std::string(300'000, 'x'),  // longer than a compressor chunk
      "last",
  };
  for (const std::string& line : lines) {
    (*sink)->Write(line);
    memory.Write(line);
  }
  ASSERT_TRUE((*sink)->Close().ok());
  const std::string gz = ReadFile(dir.File("log.gz"));
  EXPECT_EQ(static_cast<int64_t>(gz.size()), (*sink)->compressed_bytes());
  EXPECT_EQ(testing::Gunzip(gz), memory.Text());
}

TEST(GzipLogSink, NoLinesIsAnEmptyGzipStream) {
  TempDir dir;
  auto sink = GzipLogSink::OpenFile(dir.File("log.gz"));
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Close().ok());
  const std::string gz = ReadFile(dir.File("log.gz"));
  ASSERT_GE(gz.size(), 18u);  // header and trailer
  EXPECT_EQ(testing::Gunzip(gz), "");
}

TEST(GzipLogSink, LinesFromManyThreadsComeOutWholeAndInEachThreadsOrder) {
  TempDir dir;
  auto sink = GzipLogSink::OpenFile(dir.File("log.gz"));
  ASSERT_TRUE(sink.ok());
  constexpr int kThreads = 8;
  constexpr int kLinesEach = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&sink, t] {
      Logger log = Logger(**sink, LogLevel::kInfo).With("thread", std::to_string(t));
      for (int n = 0; n < kLinesEach; ++n) {
        log.Info("Backing up item", {{"n", std::to_string(n)}, {"pad", std::string(n % 97, 'p')}});
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE((*sink)->Close().ok());

  const std::string text = testing::Gunzip(ReadFile(dir.File("log.gz")));
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  std::vector<int> next(kThreads, 0);
  for (const std::string& line : SplitLines(text)) {
    // ... msg="Backing up item" thread=T n=N pad=ppp
    const size_t at = line.find(" thread=");
    ASSERT_NE(at, std::string::npos) << line;
    int t = -1, n = -1;
    ASSERT_EQ(std::sscanf(line.c_str() + at, " thread=%d n=%d", &t, &n), 2) << line;
    ASSERT_TRUE(t >= 0 && t < kThreads) << line;
    EXPECT_EQ(n, next[t]) << line;
    const std::string pad = n % 97 == 0 ? "\"\"" : std::string(n % 97, 'p');
    EXPECT_TRUE(line.ends_with(" pad=" + pad)) << line;
    next[t] = n + 1;
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kLinesEach) << "thread " << t;
}

TEST(GzipLogSink, CompressedLinesReachTheFileBeforeClose) {
  TempDir dir;
  auto sink = GzipLogSink::OpenFile(dir.File("log.gz"));
  ASSERT_TRUE(sink.ok());
  // Varied lines, so they do not compress to nothing.
  for (int n = 0; n < 100'000 && (*sink)->compressed_bytes() == 0; ++n) {
    (*sink)->Write("line " + std::to_string(n * 7919) + " of the log");
  }
  EXPECT_GT((*sink)->compressed_bytes(), 0);
  EXPECT_TRUE((*sink)->Close().ok());
}

TEST(GzipLogSink, TheFirstWriteErrorIsReturnedByClose) {
  GzipLogSink sink(std::make_unique<FillingSink>(1000));
  for (int n = 0; n < 100'000; ++n) sink.Write("line " + std::to_string(n * 7919));
  Status closed = sink.Close();
  EXPECT_EQ(closed.code(), Code::kResourceExhausted) << closed.ToString();
  EXPECT_NE(closed.ToString().find("disk full"), std::string::npos) << closed.ToString();
  EXPECT_EQ(sink.Close().code(), Code::kResourceExhausted);  // the same error again
}

TEST(GzipLogSink, AnErrorClosingTheFileIsReturned) {
  GzipLogSink sink(std::make_unique<FailingCloseSink>());
  sink.Write("one line");
  Status closed = sink.Close();
  EXPECT_EQ(closed.code(), Code::kDataLoss) << closed.ToString();
}

TEST(GzipLogSink, AFullDiskIsReported) {
  ASSERT_TRUE(std::filesystem::exists("/dev/full")) << "the test needs /dev/full";
  auto sink = GzipLogSink::OpenFile("/dev/full");
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  (*sink)->Write("one line");
  Status closed = (*sink)->Close();
  EXPECT_EQ(closed.code(), Code::kDataLoss) << closed.ToString();
  EXPECT_NE(closed.ToString().find("/dev/full"), std::string::npos) << closed.ToString();
}

TEST(GzipLogSink, OpeningAFileInAMissingDirectoryFails) {
  TempDir dir;
  auto sink = GzipLogSink::OpenFile(dir.File("missing/log.gz"));
  EXPECT_FALSE(sink.ok());
}

TEST(GzipLogSink, LinesAfterCloseAreDropped) {
  TempDir dir;
  auto sink = GzipLogSink::OpenFile(dir.File("log.gz"));
  ASSERT_TRUE(sink.ok());
  (*sink)->Write("kept");
  ASSERT_TRUE((*sink)->Close().ok());
  (*sink)->Write("dropped");
  EXPECT_TRUE((*sink)->Close().ok());
  EXPECT_EQ(testing::Gunzip(ReadFile(dir.File("log.gz"))), "kept\n");
}

}  // namespace
}  // namespace ark::archive
