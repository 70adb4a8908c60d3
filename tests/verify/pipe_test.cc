#include "verify/pipe.h"

#include <gtest/gtest.h>

#include "util/sha256.h"

namespace ark::verify {
namespace {

TEST(RunThroughPipe, CarriesEveryByteInOrderThroughASmallBuffer) {
  std::string data;
  for (int i = 0; i < 200000; ++i) data += static_cast<char>('a' + i % 26);
  StringSink received;
  Status s = RunThroughPipe(
      [&](ByteSink& sink) {
        for (size_t i = 0; i < data.size(); i += 777) {
          ARK_RETURN_IF_ERROR(sink.Write(std::string_view(data).substr(i, 777)));
        }
        return Status::Ok();
      },
      [&](ByteSource& source) { return Copy(source, received); }, /*capacity=*/1000);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(received.str(), data);
}

TEST(RunThroughPipe, AReaderThatStopsEarlyStopsTheWriter) {
  int64_t written = 0;
  Status writer_saw;
  Status s = RunThroughPipe(
      [&](ByteSink& sink) {
        for (;;) {  // endless: only the reader leaving ends it
          writer_saw = sink.Write(std::string(100, 'x'));
          if (!writer_saw.ok()) return writer_saw;
          written += 100;
        }
      },
      [&](ByteSource& source) {
        char buf[10];
        return source.Read(buf, sizeof buf).status();
      },
      /*capacity=*/1000);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(writer_saw.code(), Code::kCancelled);
  EXPECT_LE(written, 1100);
}

TEST(RunThroughPipe, TheWritersErrorReachesTheReaderAndTheCaller) {
  Status reader_saw;
  Status s = RunThroughPipe(
      [&](ByteSink& sink) {
        ARK_RETURN_IF_ERROR(sink.Write("partial"));
        return Unavailable("connection reset while downloading");
      },
      [&](ByteSource& source) {
        StringSink out;
        reader_saw = Copy(source, out);
        return reader_saw;
      });
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(reader_saw.code(), Code::kUnavailable);
}

}  // namespace
}  // namespace ark::verify
