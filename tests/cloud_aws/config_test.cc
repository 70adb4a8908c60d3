// Config keys and environment variables -> S3 and EC2 settings, and how S3 URLs are addressed.
#include "cloud/aws/config.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "cloud/aws/s3_object_store.h"
#include "support/process.h"
#include "support/provider_env.h"
#include "test_clients.h"

namespace ark::cloud::aws {
namespace {

using ark::testing::ProviderEnvOf;

struct EndpointCase {
  std::string name;
  ProviderConfig config;
  std::map<std::string, std::string> env;
  std::string s3_endpoint;
  std::string ec2_endpoint;
};

class EndpointTest : public ::testing::TestWithParam<EndpointCase> {};

TEST_P(EndpointTest, PicksTheEndpointAwsToolsWould) {
  const EndpointCase& c = GetParam();
  auto s3 = S3OptionsFromConfig(c.config, ProviderEnvOf(c.env));
  ASSERT_TRUE(s3.ok()) << s3.status().ToString();
  EXPECT_EQ(s3->endpoint, c.s3_endpoint);
  auto ec2 = Ec2OptionsFromConfig(c.config, ProviderEnvOf(c.env));
  ASSERT_TRUE(ec2.ok()) << ec2.status().ToString();
  EXPECT_EQ(ec2->endpoint, c.ec2_endpoint);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EndpointTest,
    ::testing::Values(EndpointCase{"aws_default",
                                   {{"region", "eu-west-1"}},
                                   {},
                                   "https://s3.eu-west-1.amazonaws.com",
                                   "https://ec2.eu-west-1.amazonaws.com"},
                      EndpointCase{"china",
                                   {{"region", "cn-north-1"}},
                                   {},
                                   "https://s3.cn-north-1.amazonaws.com.cn",
                                   "https://ec2.cn-north-1.amazonaws.com.cn"},
                      EndpointCase{"region_from_environment",
                                   {},
                                   {{"AWS_REGION", "us-west-2"}},
                                   "https://s3.us-west-2.amazonaws.com",
                                   "https://ec2.us-west-2.amazonaws.com"},
                      EndpointCase{"s3url_as_ark_has_it",
                                   {{"region", "us-east-1"}, {"s3Url", "http://minio:9000/"}},
                                   {},
                                   "http://minio:9000",
                                   "https://ec2.us-east-1.amazonaws.com"},
                      EndpointCase{"generic_endpoint_variable",
                                   {{"region", "us-east-1"}},
                                   {{"AWS_ENDPOINT_URL", "http://127.0.0.1:5000"}},
                                   "http://127.0.0.1:5000",
                                   "http://127.0.0.1:5000"},
                      EndpointCase{"service_variables_win",
                                   {{"region", "us-east-1"}},
                                   {{"AWS_ENDPOINT_URL", "http://all:1"},
                                    {"AWS_ENDPOINT_URL_S3", "http://s3:2"},
                                    {"AWS_ENDPOINT_URL_EC2", "https://ec2:3"}},
                                   "http://s3:2",
                                   "https://ec2:3"},
                      EndpointCase{"s3url_wins_over_variables",
                                   {{"region", "us-east-1"}, {"s3Url", "https://storage.internal"}},
                                   {{"AWS_ENDPOINT_URL_S3", "http://s3:2"}},
                                   "https://storage.internal",
                                   "https://ec2.us-east-1.amazonaws.com"}),
    [](const auto& info) { return info.param.name; });

TEST(AwsConfig, BadValuesAreInvalidArgumentNamingTheKey) {
  struct Bad {
    ProviderConfig config;
    std::map<std::string, std::string> env;
    std::string mentions;
  };
  for (const Bad& b :
       {Bad{{}, {}, "region"}, Bad{{{"region", "us east"}}, {}, "us east"},
        Bad{{{"region", "us-east-1"}, {"s3ForcePathStyle", "yes"}}, {}, "s3ForcePathStyle"},
        Bad{{{"region", "us-east-1"}, {"s3Url", "minio:9000"}}, {}, "s3Url"},
        Bad{{{"region", "us-east-1"}, {"s3Url", "http://minio:9000/bucket"}}, {}, "s3Url"},
        Bad{{{"region", "us-east-1"}}, {{"AWS_ENDPOINT_URL_S3", "ftp://x"}}, "AWS_ENDPOINT_URL_S3"},
        Bad{{{"region", "us-east-1"}, {"insecureSkipTLSVerify", "maybe"}},
            {},
            "insecureSkipTLSVerify"}}) {
    auto s3 = S3OptionsFromConfig(b.config, ProviderEnvOf(b.env));
    EXPECT_EQ(s3.status().code(), Code::kInvalidArgument) << b.mentions;
    EXPECT_NE(s3.status().message().find(b.mentions), std::string::npos) << s3.status().ToString();
  }
}

TEST(AwsConfig, OptionsFromConfigKeys) {
  const std::string pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  auto s3 = S3OptionsFromConfig({{"region", "us-east-1"},
                                 {"s3ForcePathStyle", "true"},
                                 {"kmsKeyId", "alias/ark"},
                                 {"caCert", pem}},
                                ProviderEnvOf({}));
  ASSERT_TRUE(s3.ok()) << s3.status().ToString();
  EXPECT_TRUE(s3->force_path_style);
  EXPECT_EQ(s3->kms_key_id, "alias/ark");
  EXPECT_EQ(s3->tls.ca_data, pem);
  // Velero keeps caCert base64-encoded; a path is a file.
  EXPECT_EQ(
      S3OptionsFromConfig(
          {{"region", "us-east-1"},
           {"caCert",
            "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="}},
          ProviderEnvOf({}))
          ->tls.ca_data,
      pem);
  EXPECT_EQ(S3OptionsFromConfig({{"region", "us-east-1"}, {"caCert", "/etc/ssl/private-ca.pem"}},
                                ProviderEnvOf({}))
                ->tls.ca_file,
            "/etc/ssl/private-ca.pem");
  auto ec2 = Ec2OptionsFromConfig({{"region", "us-east-1"}, {"availabilityZone", "us-east-1c"}},
                                  ProviderEnvOf({}));
  ASSERT_TRUE(ec2.ok());
  EXPECT_EQ(ec2->default_availability_zone, "us-east-1c");
}

// Addressing, seen through presigned URLs (no request is sent).
TEST(S3Addressing, VirtualHostedUnlessPathStyleIsNeeded) {
  struct Case {
    ProviderConfig config;
    std::string bucket;
    std::string want_prefix;
  };
  ark::testing::NoSleepClock clock;
  for (const Case& c :
       {Case{{{"region", "us-east-1"}},
             "ark-backups",
             "https://ark-backups.s3.us-east-1.amazonaws.com/backups/b%201/x.tar.gz?"},
        Case{{{"region", "us-east-1"}, {"s3ForcePathStyle", "true"}},
             "ark-backups",
             "https://s3.us-east-1.amazonaws.com/ark-backups/backups/b%201/x.tar.gz?"},
        Case{{{"region", "us-east-1"}},
             "dotted.bucket.name",
             "https://s3.us-east-1.amazonaws.com/dotted.bucket.name/backups/b%201/x.tar.gz?"},
        Case{{{"region", "us-east-1"}},
             "Upper_Case",
             "https://s3.us-east-1.amazonaws.com/Upper_Case/backups/b%201/x.tar.gz?"},
        Case{{{"region", "us-east-1"}, {"s3Url", "http://127.0.0.1:9000"}},
             "ark",
             "http://127.0.0.1:9000/ark/backups/b%201/x.tar.gz?"},
        Case{{{"region", "us-east-1"}, {"s3Url", "http://minio.local:9000"}},
             "ark-b",
             "http://ark-b.minio.local:9000/backups/b%201/x.tar.gz?"},
        Case{{{"region", "us-east-1"},
              {"s3ForcePathStyle", "true"},
              {"s3Url", "http://minio.svc:9000"},
              {"publicUrl", "https://minio.example.com"}},
             "ark",
             "https://minio.example.com/ark/backups/b%201/x.tar.gz?"}}) {
    auto options = S3OptionsFromConfig(c.config, ProviderEnvOf({}));
    ASSERT_TRUE(options.ok());
    S3ObjectStore store(*options, nullptr, Credentials{"AKIDEXAMPLE", "secret", "", "test"}, clock);
    auto url = store.CreateSignedUrl(c.bucket, "backups/b 1/x.tar.gz", std::chrono::seconds(60));
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    EXPECT_EQ(url->rfind(c.want_prefix, 0), 0u) << *url;
  }
}

}  // namespace
}  // namespace ark::cloud::aws
