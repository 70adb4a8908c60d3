// SigV4 against AWS's published vectors: the aws-sig-v4-test-suite (credentials AKIDEXAMPLE,
// 2015-08-30T12:36:00Z, us-east-1, service "service") and the worked examples of the S3
// documentation (AKIAIOSFODNN7EXAMPLE, 2013-05-24T00:00:00Z, us-east-1, s3).
#include "cloud/aws/sigv4.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "cloud/aws/crypto.h"

namespace ark::cloud::aws {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

const system_clock::time_point kSuiteTime = system_clock::time_point(seconds(1440938160));
const system_clock::time_point kS3Time = system_clock::time_point(seconds(1369353600));
const Credentials kSuiteCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "",
                                    "test"};
const Credentials kS3Credentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                 "", "test"};
const SigningScope kSuiteScope{"us-east-1", "service"};
const SigningScope kS3Scope{"us-east-1", "s3"};

struct Vector {
  std::string name;
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string session_token;
  std::string signed_headers;
  std::string signature;
};

class SuiteVectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(SuiteVectorTest, AuthorizationMatchesPublishedValue) {
  const Vector& v = GetParam();
  http::Request req;
  req.method = v.method;
  req.url = v.url;
  for (const auto& [k, value] : v.headers) req.headers.Add(k, value);
  Credentials creds = kSuiteCredentials;
  creds.session_token = v.session_token;
  ASSERT_TRUE(SignRequest(req, creds, kSuiteScope, kSuiteTime, Sha256Hex(v.body)).ok());
  EXPECT_EQ(req.headers.Get("X-Amz-Date").value_or(""), "20150830T123600Z");
  EXPECT_EQ(req.headers.Get("Authorization").value_or(""),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=" +
                v.signed_headers + ", Signature=" + v.signature);
}

INSTANTIATE_TEST_SUITE_P(
    AwsSigV4TestSuite, SuiteVectorTest,
    ::testing::Values(Vector{"get_vanilla",
                             "GET",
                             "https://example.amazonaws.com/",
                             {},
                             "",
                             "",
                             "host;x-amz-date",
                             "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
                      Vector{"post_vanilla",
                             "POST",
                             "https://example.amazonaws.com/",
                             {},
                             "",
                             "",
                             "host;x-amz-date",
                             "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
                      Vector{"get_vanilla_query_order_key_case",
                             "GET",
                             "https://example.amazonaws.com/?Param2=value2&Param1=value1",
                             {},
                             "",
                             "",
                             "host;x-amz-date",
                             "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
                      Vector{"post_vanilla_query",
                             "POST",
                             "https://example.amazonaws.com/?Param1=value1",
                             {},
                             "",
                             "",
                             "host;x-amz-date",
                             "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
                      Vector{"get_unreserved",
                             "GET",
                             "https://example.amazonaws.com/"
                             "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                             {},
                             "",
                             "",
                             "host;x-amz-date",
                             "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
                      Vector{"post_header_value_case",
                             "POST",
                             "https://example.amazonaws.com/",
                             {{"My-Header1", "VALUE1"}},
                             "",
                             "",
                             "host;my-header1;x-amz-date",
                             "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
                      Vector{"get_header_value_trim",
                             "GET",
                             "https://example.amazonaws.com/",
                             {{"My-Header1", " value1"}, {"My-Header2", "\"a   b   c\""}},
                             "",
                             "",
                             "host;my-header1;my-header2;x-amz-date",
                             "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
                      Vector{"post_x_www_form_urlencoded",
                             "POST",
                             "https://example.amazonaws.com/",
                             {{"Content-Type", "application/x-www-form-urlencoded"}},
                             "Param1=value1",
                             "",
                             "content-type;host;x-amz-date",
                             "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
                      Vector{"get_vanilla_with_session_token",
                             "GET",
                             "https://example.amazonaws.com/",
                             {},
                             "",
                             "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
                             "host;x-amz-date;x-amz-security-token",
                             "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"}),
    [](const auto& info) { return info.param.name; });

TEST(SigV4, CanonicalRequestOfGetVanillaQueryOrderKeyCase) {
  http::Request req;
  req.url = "https://example.amazonaws.com/?Param2=value2&Param1=value1";
  req.headers.Add("X-Amz-Date", "20150830T123600Z");
  std::string signed_headers;
  auto canonical = CanonicalRequest(req, kEmptyPayloadHash, &signed_headers);
  ASSERT_TRUE(canonical.ok()) << canonical.status().ToString();
  EXPECT_EQ(*canonical,
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", *canonical),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
}

// The S3 documentation's "Signature Calculations for the Authorization Header" examples.
struct S3Example {
  std::string name;
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string signature;
};

class S3ExampleTest : public ::testing::TestWithParam<S3Example> {};

TEST_P(S3ExampleTest, SignatureMatchesDocumentation) {
  const S3Example& e = GetParam();
  http::Request req;
  req.method = e.method;
  req.url = e.url;
  std::string hash = Sha256Hex(e.body);
  for (const auto& [k, v] : e.headers) req.headers.Add(k, v);
  req.headers.Add("x-amz-content-sha256", hash);
  ASSERT_TRUE(SignRequest(req, kS3Credentials, kS3Scope, kS3Time, hash).ok());
  std::string auth = req.headers.Get("Authorization").value_or("");
  EXPECT_EQ(auth.substr(auth.rfind("Signature=") + 10), e.signature) << auth;
}

INSTANTIATE_TEST_SUITE_P(
    S3Documentation, S3ExampleTest,
    ::testing::Values(S3Example{"get_object_range",
                                "GET",
                                "https://examplebucket.s3.amazonaws.com/test.txt",
                                {{"Range", "bytes=0-9"}},
                                "",
                                "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"},
                      S3Example{"put_object",
                                "PUT",
                                "https://examplebucket.s3.amazonaws.com/test%24file.text",
                                {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                                 {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                                "Welcome to Amazon S3.",
                                "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"},
                      S3Example{"get_bucket_lifecycle",
                                "GET",
                                "https://examplebucket.s3.amazonaws.com/?lifecycle",
                                {},
                                "",
                                "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
                      S3Example{
                          "list_objects",
                          "GET",
                          "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J",
                          {},
                          "",
                          "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"}),
    [](const auto& info) { return info.param.name; });

TEST(SigV4, PresignedUrlMatchesS3DocumentationExample) {
  auto url = PresignUrl("GET", "https://examplebucket.s3.amazonaws.com/test.txt", kS3Credentials,
                        kS3Scope, kS3Time, seconds(86400));
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(*url,
            "https://examplebucket.s3.amazonaws.com/test.txt"
            "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4, PresignRejectsLifetimeOutsideOneSecondToSevenDays) {
  for (seconds ttl : {seconds(0), seconds(-5), kMaxPresignExpiry + seconds(1)}) {
    auto url =
        PresignUrl("GET", "https://b.s3.amazonaws.com/k", kS3Credentials, kS3Scope, kS3Time, ttl);
    EXPECT_EQ(url.status().code(), Code::kInvalidArgument) << ttl.count();
  }
}

TEST(SigV4, SigningKeyMatchesDocumentedDerivation) {
  // "Examples of how to derive a signing key for Signature Version 4" (iam, 20120215).
  EXPECT_EQ(HexEncode(SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                 SigningScope{"us-east-1", "iam"})),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4, HostHeaderIncludesNonDefaultPort) {
  http::Request req;
  req.url = "http://127.0.0.1:5000/bucket/key";
  std::string signed_headers;
  auto canonical = CanonicalRequest(req, kUnsignedPayload, &signed_headers);
  ASSERT_TRUE(canonical.ok());
  EXPECT_NE(canonical->find("\nhost:127.0.0.1:5000\n"), std::string::npos) << *canonical;
  http::Request https;
  https.url = "https://example.com:443/";
  canonical = CanonicalRequest(https, kUnsignedPayload, &signed_headers);
  ASSERT_TRUE(canonical.ok());
  EXPECT_NE(canonical->find("\nhost:example.com\n"), std::string::npos) << *canonical;
}

TEST(SigV4, BadUrlIsInvalidArgumentWithoutQuery) {
  http::Request req;
  req.url = "example.com/x?X-Amz-Signature=secret";
  Status s = SignRequest(req, kS3Credentials, kS3Scope, kS3Time, kEmptyPayloadHash);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.message().find("secret"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace ark::cloud::aws
