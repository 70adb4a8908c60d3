#include "gcp_world.h"

#include <gtest/gtest.h>

namespace ark::testing {

std::string GcpDiskType(const std::string& zone) {
  return std::string("https://www.googleapis.com/compute/v1/projects/") + kGcpProject + "/zones/" +
         zone + "/diskTypes/pd-standard";
}

GcpWorld::GcpWorld()
    : tokens_(google_, TestKey()),
      compute_(google_, [this](const std::string& token) { return tokens_.Issued(token); }),
      gcs_(storage_, "", &TestKey()) {}

bool GcpWorld::Start() {
  google_.Start();
  storage_.Start();
  EXPECT_GT(google_.port(), 0) << "the token and Compute stub did not start";
  EXPECT_GT(storage_.port(), 0) << "the GCS stub did not start";
  if (google_.port() <= 0 || storage_.port() <= 0) return false;
  WriteKey(TestKey());
  return true;
}

std::string GcpWorld::KeyPath() const { return dir_.File("credentials-ark"); }

void GcpWorld::WriteKey(const TestRsaKey& key) {
  WriteFile(KeyPath(), ServiceAccountJson(key, google_.url() + "/token").dump(2));
}

std::string GcpWorld::Config(const std::string& bucket, const std::string& zone) const {
  std::string config = ReadFile(SourcePath("examples/gcp/00-ark-config.yaml"));
  config = FillIn(config, "<YOUR_BUCKET>", bucket);
  config = FillIn(config, "<YOUR_PROJECT>", kGcpProject);
  return FillIn(config, "    zone: <YOUR_ZONE>\n",
                "    zone: " + zone + "\n    computeEndpoint: " + google_.url() + "/compute/v1\n");
}

ArkEnvOptions GcpWorld::Options(const std::string& bucket, const std::string& zone) const {
  ArkEnvOptions options;
  options.config_yaml = Config(bucket, zone);
  options.env = {{"GOOGLE_APPLICATION_CREDENTIALS", KeyPath()},
                 {"STORAGE_EMULATOR_HOST", "127.0.0.1:" + std::to_string(storage_.port())}};
  return options;
}

}  // namespace ark::testing
