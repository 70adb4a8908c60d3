#include "kube/label_selector.h"

#include <gtest/gtest.h>

namespace ark::kube {
namespace {

using Labels = std::map<std::string, std::string>;

struct MatchCase {
  std::string selector;
  Labels labels;
  bool want;
};

TEST(LabelSelector, MatchesAsKubernetesDoes) {
  const std::vector<MatchCase> cases = {
      {"", {}, true},
      {"", {{"a", "b"}}, true},
      {"app=nginx", {{"app", "nginx"}}, true},
      {"app==nginx", {{"app", "nginx"}}, true},
      {"app=nginx", {{"app", "redis"}}, false},
      {"app=nginx", {}, false},
      {"app!=nginx", {{"app", "redis"}}, true},
      {"app!=nginx", {}, true},  // a missing label is "not equal"
      {"app!=nginx", {{"app", "nginx"}}, false},
      {"env in (prod, stage)", {{"env", "stage"}}, true},
      {"env in (prod,stage)", {{"env", "dev"}}, false},
      {"env in (prod)", {}, false},
      {"env notin (prod,stage)", {{"env", "dev"}}, true},
      {"env notin (prod,stage)", {}, true},
      {"env notin (prod,stage)", {{"env", "prod"}}, false},
      {"release", {{"release", ""}}, true},
      {"release", {}, false},
      {"!legacy", {}, true},
      {"!legacy", {{"legacy", "true"}}, false},
      {"replicas>2", {{"replicas", "3"}}, true},
      {"replicas>2", {{"replicas", "2"}}, false},
      {"replicas>2", {{"replicas", "x"}}, false},
      {"replicas<2", {{"replicas", "1"}}, true},
      {"replicas<2", {}, false},
      {"a=1,b=2", {{"a", "1"}, {"b", "2"}}, true},
      {"a=1,b=2", {{"a", "1"}}, false},
      {"example.com/tier = web , !x", {{"example.com/tier", "web"}}, true},
      {"a=", {{"a", ""}}, true},
      {"a in (,x)", {{"a", ""}}, true},
  };
  for (const auto& c : cases) {
    auto s = LabelSelector::Parse(c.selector);
    ASSERT_TRUE(s.ok()) << c.selector << ": " << s.status().ToString();
    EXPECT_EQ(s->Matches(c.labels), c.want) << c.selector;
    nlohmann::json json_labels = c.labels;
    EXPECT_EQ(s->Matches(json_labels), c.want) << c.selector << " (JSON labels)";
  }
}

TEST(LabelSelector, RejectsBadSyntaxSayingWhere) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a in (b", "expected \",\" or \")\""},
      {"a in b", "expected \"(\""},
      {"a=b,", "expected a requirement after \",\""},
      {"a b", "expected an operator"},
      {"=b", "expected a label key"},
      {"-a=b", "invalid label key"},
      {"a=b c", "expected \",\" or end"},
      {"a>b", "expected an integer"},
      {"a=" + std::string(64, 'x'), "invalid label value"},
      {"Bad_Prefix.com/a=b", "invalid label key"},
      {"a in ()", "for 'in', 'notin' operators, values set can't be empty"},
      {"a notin ( )", "for 'in', 'notin' operators, values set can't be empty"},
  };
  for (const auto& [text, want] : cases) {
    auto s = LabelSelector::Parse(text);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.status().code(), Code::kInvalidArgument);
    EXPECT_NE(s.status().message().find(want), std::string::npos)
        << text << " -> " << s.status().message();
    EXPECT_NE(s.status().message().find("position"), std::string::npos);
  }
}

TEST(LabelSelector, CanonicalStringRoundTrips) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"b=2,a==1", "a=1,b=2"},
      {"x notin (z,y, y)", "x notin (y,z)"},
      {" !c , b, a>3 ", "a>3,b,!c"},
      {"k in (v)", "k in (v)"},
      {"", ""},
  };
  for (const auto& [in, want] : cases) {
    auto s = LabelSelector::Parse(in);
    ASSERT_TRUE(s.ok()) << in;
    EXPECT_EQ(s->ToString(), want);
    auto again = LabelSelector::Parse(s->ToString());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *s);
  }
}

TEST(LabelSelector, ConvertsFromAndToMetav1LabelSelector) {
  auto json = nlohmann::json::parse(R"({
    "matchLabels": {"app": "nginx"},
    "matchExpressions": [
      {"key": "env", "operator": "In", "values": ["prod", "stage"]},
      {"key": "track", "operator": "NotIn", "values": ["canary"]},
      {"key": "release", "operator": "Exists"},
      {"key": "legacy", "operator": "DoesNotExist"}
    ]})");
  auto s = LabelSelector::FromJson(json);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->ToString(), "app=nginx,env in (prod,stage),!legacy,release,track notin (canary)");
  EXPECT_TRUE(s->Matches(Labels{{"app", "nginx"}, {"env", "prod"}, {"release", "1"}}));
  EXPECT_FALSE(s->Matches(Labels{{"app", "nginx"}, {"env", "prod"}}));

  auto back = s->ToJson();
  ASSERT_TRUE(back.ok());
  auto again = LabelSelector::FromJson(*back);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *s);
  EXPECT_EQ((*back)["matchLabels"], nlohmann::json({{"app", "nginx"}}));

  // != becomes NotIn; > has no metav1 form.
  auto ne = LabelSelector::Parse("a!=b");
  ASSERT_TRUE(ne.ok());
  EXPECT_EQ((*ne->ToJson())["matchExpressions"][0]["operator"], "NotIn");
  auto gt = LabelSelector::Parse("a>1");
  ASSERT_TRUE(gt.ok());
  EXPECT_EQ(gt->ToJson().status().code(), Code::kInvalidArgument);

  // Null and {} match everything.
  EXPECT_TRUE(LabelSelector::FromJson(nullptr)->empty());
  EXPECT_TRUE(LabelSelector::FromJson(nlohmann::json::object())->Matches(Labels{}));
}

TEST(LabelSelector, RejectsBadMetav1Selectors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"matchExpressions":[{"key":"a","operator":"Equals","values":["b"]}]})",
       "matchExpressions[0].operator"},
      {R"({"matchExpressions":[{"key":"a","operator":"In"}]})", "must be non-empty"},
      {R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]})", "must be empty"},
      {R"({"matchLabels":{"a":1}})", "matchLabels.a"},
      {R"({"matchLabels":{"-a":"b"}})", "invalid label key"},
      {R"([1])", "expected an object"},
  };
  for (const auto& [text, want] : cases) {
    auto s = LabelSelector::FromJson(nlohmann::json::parse(text));
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_NE(s.status().message().find(want), std::string::npos) << s.status().message();
  }
}

}  // namespace
}  // namespace ark::kube
