#include "cloud/azure/shared_key.h"

#include <gtest/gtest.h>

namespace ark::cloud::azure {
namespace {

TEST(SharedKey, StringToSignFollowsTheBlobServiceRules) {
  struct Case {
    std::string name;
    http::Request request;
    std::string expected;
  };
  std::vector<Case> cases;
  {
    http::Request r;
    r.method = "PUT";
    r.url = "http://127.0.0.1:10000/devstoreaccount1/c/a%20b/k?comp=block&blockid=QUJD%3D";
    r.headers.Set("Content-Type", "application/octet-stream");
    r.headers.Set("x-ms-version", "2021-08-06");
    r.headers.Set("X-MS-Date", "Sun, 29 Nov 2026 01:00:00 GMT");
    r.headers.Set("x-ms-blob-type", " BlockBlob ");
    r.body = "hello";
    cases.push_back({"put block", r,
                     "PUT\n\n\n5\n\napplication/octet-stream\n\n\n\n\n\n\n"
                     "x-ms-blob-type:BlockBlob\nx-ms-date:Sun, 29 Nov 2026 01:00:00 GMT\n"
                     "x-ms-version:2021-08-06\n"
                     "/devstoreaccount1/devstoreaccount1/c/a%20b/k\nblockid:QUJD=\ncomp:block"});
  }
  {
    http::Request r;
    r.method = "GET";
    r.url = "https://acct.blob.core.windows.net/c?restype=container&comp=list&prefix=b%2F&Marker=m";
    r.headers.Set("x-ms-version", "v");
    r.headers.Set("Range", "bytes=0-9");
    cases.push_back({"list, empty length, range", r,
                     "GET\n\n\n\n\n\n\n\n\n\n\nbytes=0-9\nx-ms-version:v\n/acct/c"
                     "\ncomp:list\nmarker:m\nprefix:b/\nrestype:container"});
  }
  {
    http::Request r;
    r.method = "PUT";
    r.url = "https://acct.blob.core.windows.net";
    r.headers.Set("Content-Length", "0");
    cases.push_back({"root, zero length", r, "PUT\n\n\n\n\n\n\n\n\n\n\n\n/acct/"});
  }
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string account =
        c.request.url.find("devstoreaccount1") != std::string::npos ? "devstoreaccount1" : "acct";
    EXPECT_EQ(SharedKeyStringToSign(c.request, account), c.expected);
  }
}

TEST(SharedKey, SignatureIsHmacOfTheStringToSign) {
  http::Request r;
  r.url = "https://acct.blob.core.windows.net/c/k";
  r.headers.Set("x-ms-version", "v");
  StorageAccount account{"acct", "key bytes"};
  SignSharedKey(r, account);
  EXPECT_EQ(
      *r.headers.Get("Authorization"),
      "SharedKey acct:" + Base64Encode(HmacSha256("key bytes", SharedKeyStringToSign(r, "acct"))));
}

TEST(SharedKey, Base64RoundTripAndErrors) {
  for (const std::string& s :
       std::vector<std::string>{"a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    auto d = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, s);
  }
  EXPECT_FALSE(Base64Decode("abc").ok());
  EXPECT_FALSE(Base64Decode("").ok());
  EXPECT_FALSE(Base64Decode("ab!d").ok());
}

TEST(SharedKey, SasCarriesReadOnlyFieldsAndExpiry) {
  StorageAccount account{"acct", "k"};
  std::string q = BlobReadSas(account, "c/backups/b1.tar.gz",
                              Clock::TimePoint(std::chrono::seconds(1'800'000'000)));
  EXPECT_EQ(q.rfind("sv=2018-11-09&sr=b&sp=r&se=2027-01-15T08%3A00%3A00Z&sig=", 0), 0u) << q;
}

TEST(SharedKey, Rfc1123Date) {
  EXPECT_EQ(FormatRfc1123(Clock::TimePoint(std::chrono::seconds(1'800'000'000))),
            "Fri, 15 Jan 2027 08:00:00 GMT");
}

}  // namespace
}  // namespace ark::cloud::azure
