// What the CLI prints. `-o yaml` must read back as the JSON it came from, in kubectl's YAML
// library as in any YAML 1.1 reader: strings that look like booleans, numbers, nulls or times
// are quoted. Times in tables and describe read as Ark's CLI wrote them.
#include "cli/output.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace ark::cli {
namespace {

using nlohmann::json;

TEST(YamlOutputTest, StringsYamlWouldRetypeAreQuoted) {
  const char* retyped[] = {"true",      "False", "YES", "y",    "N",   "on",
                           "OFF",       "null",  "~",   "",     "123", "1.0",
                           "-5",        "+1",    ".5",  "0x1F", "1e3", "2026-12-07T02:00:00Z",
                           "2026-12-07"};
  for (const char* text : retyped) {
    const std::string yaml = ToYaml(json{{"v", text}});
    EXPECT_NE(yaml.find("\""), std::string::npos) << "\"" << text << "\" is printed bare: " << yaml;
    YAML::Node back = YAML::Load(yaml);
    EXPECT_EQ(back["v"].as<std::string>(), text) << yaml;
  }
}

TEST(YamlOutputTest, KeysYamlWouldRetypeAreQuotedToo) {
  const std::string yaml = ToYaml(json{{"labels", {{"on", "x"}, {"123", "y"}, {"app", "z"}}}});
  EXPECT_NE(yaml.find("\"on\": x"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("\"123\": \"y\""), std::string::npos) << yaml;  // y is a YAML 1.1 boolean
  EXPECT_NE(yaml.find("  app: z"), std::string::npos) << yaml;
}

TEST(YamlOutputTest, PlainStringsStayPlainAndNullsAreSpelledOut) {
  const std::string yaml =
      ToYaml(json{{"name", "nginx-backup"}, {"ttl", nullptr}, {"list", json::array({"a", "b"})}});
  EXPECT_NE(yaml.find("name: nginx-backup"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("ttl: null"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("~"), std::string::npos) << yaml;
}

TEST(HumanTimestampTest, IsArksCliFormOfTheInstant) {
  EXPECT_EQ(HumanTimestamp("2017-11-06T22:46:06Z"), "2017-11-06 22:46:06 +0000 UTC");
  EXPECT_EQ(HumanTimestamp("2017-11-07T00:46:06+02:00"), "2017-11-06 22:46:06 +0000 UTC");
  EXPECT_EQ(HumanTimestamp(""), "<unknown>");
  EXPECT_EQ(HumanTimestamp("yesterday"), "<unknown>");
}

}  // namespace
}  // namespace ark::cli
