#include "aws_world.h"

#include <gtest/gtest.h>

#include "support/e2e/ark_env.h"
#include "support/process.h"

namespace ark::testing {

std::string AwsConfig(const std::string& bucket, const std::string& zone) {
  const std::string file = "examples/aws/00-ark-config.yaml";
  std::string config = ReadFile(SourcePath(file));
  config = FillIn(config, "<YOUR_BUCKET>", bucket);
  config = FillIn(config, "<YOUR_REGION>", kAwsRegion);
  config = FillIn(config, "<YOUR_AVAILABILITY_ZONE>", zone);
  const std::string storage =
      "backupStorageProvider:\n  bucket: " + bucket + "\n  aws:\n    region: " + kAwsRegion + "\n";
  const size_t at = config.find(storage);
  EXPECT_NE(at, std::string::npos) << file << " changed its backupStorageProvider:\n" << config;
  if (at != std::string::npos) config.insert(at + storage.size(), "    s3ForcePathStyle: true\n");
  return config;
}

std::map<std::string, std::string> AwsKeyEnvironment(const Moto& moto) {
  return {{"AWS_ACCESS_KEY_ID", moto.credentials().access_key_id},
          {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_access_key},
          {"AWS_ENDPOINT_URL", moto.url()}};
}

std::string WriteAwsCredentialsFile(const std::string& path, const std::string& key_id,
                                    const std::string& secret) {
  WriteFile(path,
            "[default]\naws_access_key_id=" + key_id + "\naws_secret_access_key=" + secret + "\n");
  return path;
}

AwsWorld StartAwsWorld(const std::string& bucket) {
  std::string error;
  std::unique_ptr<Moto> moto = Moto::Start(&error);
  if (moto == nullptr) {
    ADD_FAILURE() << "moto did not start: " << error;
    return {};
  }
  auto account = AwsAccount::Connect(moto->url(), moto->credentials(), kAwsRegion);
  if (!account.ok()) {
    ADD_FAILURE() << "connecting to moto: " << account.status().ToString();
    return {};
  }
  Status created = (*account)->CreateBucket(bucket);
  if (!created.ok()) {
    ADD_FAILURE() << "creating bucket " << bucket << ": " << created.ToString() << "\n"
                  << moto->Log();
    return {};
  }
  return {std::move(moto), std::move(*account)};
}

}  // namespace ark::testing
