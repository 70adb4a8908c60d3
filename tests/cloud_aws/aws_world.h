#pragma once

// The AWS side of the end-to-end tests: moto as S3 and EC2 (signature checking on, moto.h),
// an AwsAccount that looks at it as a user would, and the Config and environment that point
// ark at it.

#include <map>
#include <memory>
#include <string>

#include "aws_account.h"
#include "moto.h"

namespace ark::testing {

inline constexpr const char* kAwsRegion = "us-east-1";

// examples/aws/00-ark-config.yaml with the bucket, kAwsRegion and the availability zone filled
// in, plus what a private S3 endpoint needs (s3ForcePathStyle under
// backupStorageProvider.aws); the endpoint itself comes from AWS_ENDPOINT_URL. An example
// whose backupStorageProvider changed fails the test.
std::string AwsConfig(const std::string& bucket, const std::string& zone);

// The IAM user's key itself and moto's address, as the AWS tools read them from the
// environment.
std::map<std::string, std::string> AwsKeyEnvironment(const Moto& moto);

// Writes the documented credentials file (profile [default]) of a key to `path`; returns
// `path`.
std::string WriteAwsCredentialsFile(const std::string& path, const std::string& key_id,
                                    const std::string& secret);

// moto, and an account of it in kAwsRegion holding the bucket (the documents assume it
// exists).
struct AwsWorld {
  std::unique_ptr<Moto> moto;
  std::unique_ptr<AwsAccount> account;
};

// Starts moto, connects the account and creates `bucket`. A step that fails adds a test
// failure naming it (with moto's log once moto runs) and leaves both members null.
AwsWorld StartAwsWorld(const std::string& bucket);

}  // namespace ark::testing
