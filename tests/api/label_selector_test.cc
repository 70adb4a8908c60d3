#include "api/label_selector.h"

#include <gtest/gtest.h>

namespace ark::api {
namespace {

TEST(LabelSelectorTest, StringFormAndMatching) {
  auto s = LabelSelector::FromJson(Json::parse(R"({
      "matchLabels": {"app": "nginx", "tier": "web"},
      "matchExpressions": [
        {"key": "env", "operator": "In", "values": ["prod", "dev"]},
        {"key": "legacy", "operator": "DoesNotExist"},
        {"key": "team", "operator": "Exists"},
        {"key": "zone", "operator": "NotIn", "values": ["b"]}]})"),
                                   "spec.labelSelector");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->ToString(), "app=nginx,tier=web,env in (dev,prod),!legacy,team,zone notin (b)");

  using L = std::map<std::string, std::string>;
  struct Case {
    L labels;
    bool want;
  };
  const Case cases[] = {
      {{{"app", "nginx"}, {"tier", "web"}, {"env", "prod"}, {"team", "x"}}, true},
      {{{"app", "nginx"}, {"tier", "web"}, {"env", "prod"}, {"team", "x"}, {"zone", "a"}}, true},
      {{{"app", "nginx"}, {"tier", "web"}, {"env", "prod"}, {"team", "x"}, {"zone", "b"}}, false},
      {{{"app", "nginx"}, {"tier", "web"}, {"env", "qa"}, {"team", "x"}}, false},
      {{{"app", "nginx"}, {"tier", "web"}, {"env", "prod"}}, false},
      {{{"app", "nginx"}, {"tier", "web"}, {"env", "prod"}, {"team", "x"}, {"legacy", ""}}, false},
      {{{"app", "other"}, {"tier", "web"}, {"env", "prod"}, {"team", "x"}}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(s->Matches(c.labels), c.want);

  LabelSelector all;
  EXPECT_EQ(all.ToString(), "");
  EXPECT_TRUE(all.Matches({}));
}

TEST(LabelSelectorTest, WriteBackKeepsOriginal) {
  Json j = Json::parse(R"({"matchLabels": null,
      "matchExpressions": [{"key": "a", "operator": "Exists"}]})");
  auto s = LabelSelector::FromJson(j, "x");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->ToJson(), j);
  s->match_expressions.clear();
  s->match_labels["app"] = "nginx";
  EXPECT_EQ(s->ToJson(),
            Json::parse(R"({"matchLabels": {"app": "nginx"}, "matchExpressions": []})"));
}

TEST(LabelSelectorTest, ToSelectorIsKubesMatcherOfTheSameRequirements) {
  auto s = LabelSelector::FromJson(Json::parse(R"({"matchLabels": {"app": "nginx"},
      "matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["dev"]}]})"),
                                   "spec.labelSelector");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto selector = s->ToSelector("spec.labelSelector");
  ASSERT_TRUE(selector.ok()) << selector.status().ToString();
  EXPECT_EQ(selector->ToString(), "app=nginx,env notin (dev)");

  auto bad = LabelSelector::FromJson(Json::parse(R"({"matchLabels": {"-app": "x"}})"), "spec.x");
  ASSERT_TRUE(bad.ok());  // key rules are validation's (with its path), not the reader's
  auto rejected = bad->ToSelector("spec.x.labelSelector");
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.status().ToString().find("spec.x.labelSelector"), std::string::npos)
      << rejected.status().ToString();
  EXPECT_FALSE(bad->Matches({{"-app", "x"}}));
}

}  // namespace
}  // namespace ark::api
