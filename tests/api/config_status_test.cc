#include "api/config_status.h"

#include <gtest/gtest.h>

#include "api/config.h"

namespace ark::api {
namespace {

TEST(ConfigStatusTest, AValidConfigHasAnEmptyMessageAndTheGenerationJudged) {
  ConfigStatus status;
  status.phase = kConfigValid;
  status.observed_generation = 3;
  EXPECT_EQ(status.ToJson(), Json::parse(R"({"phase": "Valid", "message": "",
                                            "observedGeneration": 3})"));
}

TEST(ConfigStatusTest, AnInvalidConfigSaysWhy) {
  ConfigStatus status;
  status.phase = kConfigInvalid;
  status.message = "restoreOnlyMode: expected true or false, got string \"yes\"";
  EXPECT_EQ(status.ToJson(), Json::parse(R"({"phase": "Invalid",
                            "message": "restoreOnlyMode: expected true or false, got string \"yes\""})"));
}

TEST(ConfigStatusTest, AGenerationZeroIsWrittenAndAnUnsetOneIsNot) {
  ConfigStatus status;
  status.phase = kConfigValid;
  EXPECT_FALSE(status.ToJson().contains("observedGeneration"));
  status.observed_generation = 0;
  EXPECT_EQ(status.ToJson()["observedGeneration"], 0);
}

}  // namespace
}  // namespace ark::api
