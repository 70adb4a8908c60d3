// DownloadResuming against scripted tries: what each try is asked for, and what reaches the
// sink, for the answers a store can give a resumed download.
#include "http/resumable_download.h"

#include <gtest/gtest.h>

#include "util/fake_clock.h"

namespace ark::http {
namespace {

const std::string kData = "0123456789abcdefghij";

// One scripted answer: the status and headers, the body bytes sent, then the outcome.
struct Answer {
  int status = 200;
  std::string version = "v1";
  std::string content_range;  // "" = none
  std::string body;
  Status outcome;
};

struct Script {
  Script() = default;
  explicit Script(std::vector<Answer> a) : answers(std::move(a)) {}
  std::vector<Answer> answers;
  std::vector<std::pair<int64_t, std::string>> asked;  // (offset, version) of each try

  Status Send(const DownloadTry& attempt) {
    asked.emplace_back(attempt.offset, attempt.version);
    if (asked.size() > answers.size()) return Unavailable("no more answers");
    const Answer& a = answers[asked.size() - 1];
    if (!a.body.empty()) {
      Headers headers;
      headers.Set("ETag", a.version);
      if (!a.content_range.empty()) headers.Set("Content-Range", a.content_range);
      if (!attempt.on_headers(a.status, headers)) return Cancelled("stopped");
      if (!attempt.on_body(a.body)) return Cancelled("stopped");
    }
    return a.outcome;
  }
};

Status Download(Script& script, StringSink& sink, const FakeClock& clock) {
  ResumeOptions options;
  options.what = "GET b/k";
  options.version_header = "ETag";
  options.clock = &clock;
  options.retryable = [](const Status& s) { return s.code() == Code::kUnavailable; };
  return DownloadResuming([&](const DownloadTry& t) { return script.Send(t); }, sink, options);
}

Status Reset() { return Unavailable("connection reset"); }

TEST(DownloadResuming, ResumesFromTheBytesWrittenPinnedToTheFirstVersion) {
  Script script({{200, "v1", "", kData.substr(0, 7), Reset()},
                 {206, "v1", "bytes 7-19/20", kData.substr(7, 5), Reset()},
                 {206, "v1", "bytes 12-19/20", kData.substr(12), Status::Ok()}});
  StringSink sink;
  FakeClock clock;
  ASSERT_TRUE(Download(script, sink, clock).ok());
  EXPECT_EQ(sink.str(), kData);
  using Asked = std::vector<std::pair<int64_t, std::string>>;
  EXPECT_EQ(script.asked, (Asked{{0, ""}, {7, "v1"}, {12, "v1"}}));
}

TEST(DownloadResuming, AWholeObjectAnswerToARangeSkipsWhatTheSinkHas) {
  Script script(
      {{200, "v1", "", kData.substr(0, 7), Reset()}, {200, "v1", "", kData, Status::Ok()}});
  StringSink sink;
  FakeClock clock;
  ASSERT_TRUE(Download(script, sink, clock).ok());
  EXPECT_EQ(sink.str(), kData);
}

TEST(DownloadResuming, TriesWithoutBytesStartOverWithoutAVersion) {
  Script script({{200, "v1", "", "", Reset()}, {200, "v2", "", kData, Status::Ok()}});
  StringSink sink;
  FakeClock clock;
  ASSERT_TRUE(Download(script, sink, clock).ok());
  EXPECT_EQ(sink.str(), kData);
  EXPECT_EQ(script.asked[1], std::make_pair(int64_t{0}, std::string()));
}

TEST(DownloadResuming, AnotherVersionOrRangeIsDataLossNotASplice) {
  struct Case {
    std::string name;
    Answer second;
    std::string error;
  } cases[] = {
      {"other version",
       {206, "v2", "bytes 7-19/20", kData.substr(7), Status::Ok()},
       "GET b/k: the object changed while it was downloaded (ETag v1, then v2); 7 bytes"},
      {"precondition failed",
       {412, "v2", "", "", Status(Code::kFailedPrecondition, "412").WithHttp(412, "")},
       "GET b/k: the object changed while it was downloaded (ETag v1 no longer matches)"},
      {"other range",
       {206, "v1", "bytes 0-19/20", kData, Status::Ok()},
       "GET b/k: asked for bytes from 7, the response has Content-Range \"bytes 0-19/20\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Script script({{200, "v1", "", kData.substr(0, 7), Reset()}, c.second});
    StringSink sink;
    FakeClock clock;
    Status s = Download(script, sink, clock);
    EXPECT_EQ(s.code(), Code::kDataLoss) << s.ToString();
    EXPECT_EQ(s.message().rfind(c.error, 0), 0u) << s.message();
    EXPECT_EQ(sink.str(), kData.substr(0, 7));
  }
}

TEST(DownloadResuming, ProgressRenewsTheBudgetAndStallsExhaustIt) {
  // Ten tries that each bring a byte, then tries that bring nothing.
  Script script;
  for (int i = 0; i < 10; ++i) {
    script.answers.push_back({i == 0 ? 200 : 206, "v1",
                              i == 0 ? "" : "bytes " + std::to_string(i) + "-19/20",
                              kData.substr(i, 1), Reset()});
  }
  StringSink sink;
  FakeClock clock;
  Status s = Download(script, sink, clock);
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_NE(s.message().find("gave up after 10 tries"), std::string::npos) << s.ToString();
  EXPECT_EQ(sink.str(), kData.substr(0, 10));
  EXPECT_EQ(script.asked.size(), 10u + 9u);  // then the default policy's ten tries without progress
}

TEST(DownloadResuming, NotRetryableErrorsAndSinkErrorsEndAtOnce) {
  Script script({{404, "", "", "", NotFound("GET b/k: NoSuchKey")}});
  StringSink sink;
  FakeClock clock;
  EXPECT_EQ(Download(script, sink, clock).code(), Code::kNotFound);
  EXPECT_EQ(script.asked.size(), 1u);

  class FullSink final : public ByteSink {
   public:
    Status Write(std::string_view) override {
      return Status(Code::kResourceExhausted, "disk full");
    }
  } full;
  Script again({{200, "v1", "", kData, Status::Ok()}});
  ResumeOptions options;
  options.what = "GET b/k";
  options.version_header = "ETag";
  options.clock = &clock;
  options.retryable = [](const Status&) { return true; };
  Status s = DownloadResuming([&](const DownloadTry& t) { return again.Send(t); }, full, options);
  EXPECT_EQ(s.ToString(), "ResourceExhausted: disk full");
}

}  // namespace
}  // namespace ark::http
