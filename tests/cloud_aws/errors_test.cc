// Mapping of S3 and EC2 error responses to Status, and the XML reader behind it.
#include "cloud/aws/errors.h"

#include <gtest/gtest.h>

#include "cloud/aws/xml.h"

namespace ark::cloud::aws {
namespace {

struct Case {
  int status;
  std::string body;
  Code code;
  std::string reason;
};

class ErrorMappingTest : public ::testing::TestWithParam<Case> {};

std::string S3Error(const std::string& code) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code +
         "</Code><Message>m &amp; more</Message><RequestId>1</RequestId></Error>";
}

std::string Ec2Error(const std::string& code) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code +
         "</Code><Message>m &amp; "
         "more</Message></Error></Errors><RequestID>r</RequestID></Response>";
}

TEST_P(ErrorMappingTest, MapsCodeThenStatus) {
  const Case& c = GetParam();
  Status s = AwsErrorStatus(http::Response{c.status, {}, c.body}, "s3 GetObject b/k");
  EXPECT_EQ(s.code(), c.code) << s.ToString();
  EXPECT_EQ(s.reason(), c.reason);
  EXPECT_EQ(s.http_status(), c.status);
  EXPECT_EQ(s.message().rfind("s3 GetObject b/k: ", 0), 0u) << s.message();
  if (!c.reason.empty()) {
    EXPECT_NE(s.message().find("m & more"), std::string::npos) << s.message();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ErrorMappingTest,
    ::testing::Values(
        Case{404, S3Error("NoSuchKey"), Code::kNotFound, "NoSuchKey"},
        Case{404, S3Error("NoSuchBucket"), Code::kNotFound, "NoSuchBucket"},
        Case{404, "", Code::kNotFound, ""},
        Case{403, S3Error("AccessDenied"), Code::kPermissionDenied, "AccessDenied"},
        Case{403, "", Code::kPermissionDenied, ""},
        Case{403, S3Error("SignatureDoesNotMatch"), Code::kUnauthenticated,
             "SignatureDoesNotMatch"},
        Case{403, S3Error("InvalidAccessKeyId"), Code::kUnauthenticated, "InvalidAccessKeyId"},
        Case{403, S3Error("RequestTimeTooSkewed"), Code::kUnauthenticated, "RequestTimeTooSkewed"},
        Case{401, Ec2Error("AuthFailure"), Code::kUnauthenticated, "AuthFailure"},
        Case{400, Ec2Error("InvalidVolume.NotFound"), Code::kNotFound, "InvalidVolume.NotFound"},
        Case{400, Ec2Error("InvalidSnapshot.NotFound"), Code::kNotFound,
             "InvalidSnapshot.NotFound"},
        Case{403, Ec2Error("UnauthorizedOperation"), Code::kPermissionDenied,
             "UnauthorizedOperation"},
        Case{503, Ec2Error("RequestLimitExceeded"), Code::kUnavailable, "RequestLimitExceeded"},
        Case{400, Ec2Error("IncorrectState"), Code::kFailedPrecondition, "IncorrectState"},
        Case{400, Ec2Error("InvalidParameterValue"), Code::kInvalidArgument,
             "InvalidParameterValue"},
        Case{503, S3Error("SlowDown"), Code::kUnavailable, "SlowDown"},
        Case{500, "<html>oops</html>", Code::kUnavailable, ""},
        Case{429, "", Code::kUnavailable, ""},
        Case{409, S3Error("OperationAborted"), Code::kConflict, "OperationAborted"},
        Case{412, "", Code::kFailedPrecondition, ""},
        Case{416, S3Error("InvalidRange"), Code::kOutOfRange, "InvalidRange"}));

TEST(AwsErrors, RetryableAreTransportFailuresThrottlingAndServerErrors) {
  auto http = [](int status, const std::string& reason) {
    Status s(Code::kUnavailable, "x");
    s.WithHttp(status, reason);
    return s;
  };
  EXPECT_TRUE(IsRetryable(Unavailable("connection refused")));
  EXPECT_TRUE(IsRetryable(DeadlineExceeded("timeout")));
  EXPECT_TRUE(IsRetryable(http(503, "SlowDown")));
  EXPECT_TRUE(IsRetryable(http(500, "")));
  EXPECT_TRUE(IsRetryable(http(429, "")));
  EXPECT_TRUE(IsRetryable(http(400, "RequestLimitExceeded")));
  EXPECT_FALSE(IsRetryable(http(403, "AccessDenied")));
  EXPECT_FALSE(IsRetryable(http(404, "NoSuchKey")));
  EXPECT_FALSE(IsRetryable(InvalidArgument("bad")));
  EXPECT_FALSE(IsRetryable(Status::Ok()));
}

TEST(AwsErrors, ScrubRemovesEveryOccurrence) {
  EXPECT_EQ(Scrub("a SECRET b SECRET", "SECRET"), "a <redacted> b <redacted>");
  EXPECT_EQ(Scrub("nothing", ""), "nothing");
}

TEST(Xml, ParsesNestedElementsAndRejectsGarbage) {
  auto doc = ParseXml(
      "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<IsTruncated>true</IsTruncated><Contents><Key>a&lt;b</Key></Contents>"
      "<Contents><Key>c</Key></Contents></ListBucketResult>",
      "list");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->name, "ListBucketResult");
  EXPECT_EQ(doc->ChildText("IsTruncated"), "true");
  ASSERT_EQ(doc->Children("Contents").size(), 2u);
  EXPECT_EQ(doc->Children("Contents")[0]->ChildText("Key"), "a<b");
  EXPECT_EQ(doc->ChildText("Missing"), "");

  for (const char* bad : {"", "<a><b></a>", "not xml", "<a>&undefined;</a>"}) {
    auto parsed = ParseXml(bad, "S3 response");
    EXPECT_EQ(parsed.status().code(), Code::kDataLoss) << bad;
    EXPECT_NE(parsed.status().message().find("S3 response"), std::string::npos);
  }
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  for (int i = 0; i < 100; ++i) deep += "</a>";
  EXPECT_EQ(ParseXml(deep, "deep").status().code(), Code::kDataLoss);
  EXPECT_EQ(XmlEscape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
}

}  // namespace
}  // namespace ark::cloud::aws
