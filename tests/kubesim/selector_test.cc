#include "kubesim/selector.h"

#include <gtest/gtest.h>

namespace ark::kubesim {
namespace {

struct LabelCase {
  std::string selector;
  Labels labels;
  bool matches;
};

TEST(LabelSelectorTest, MatchesAsKubernetesDoes) {
  const Labels web = {{"app", "nginx"}, {"tier", "web"}, {"rank", "5"}};
  const std::vector<LabelCase> cases = {
      {"", web, true},
      {"app=nginx", web, true},
      {"app==nginx", web, true},
      {"app=db", web, false},
      {"app!=db", web, true},
      {"app!=nginx", web, false},
      {"missing!=x", web, true},
      {"app in (db,nginx)", web, true},
      {"app in (db)", web, false},
      {"app notin (db)", web, true},
      {"app notin (db, nginx)", web, false},
      {"missing notin (a)", web, true},
      {"missing in (a)", web, false},
      {"tier", web, true},
      {"missing", web, false},
      {"!missing", web, true},
      {"!tier", web, false},
      {"app=nginx,tier=web", web, true},
      {"app=nginx, tier in (db,cache)", web, false},
      {"rank>3", web, true},
      {"rank<3", web, false},
      {" app = nginx ", web, true},
      {"example.com/team=a", {{"example.com/team", "a"}}, true},
  };
  for (const LabelCase& c : cases) {
    LabelSelector s;
    std::string error;
    ASSERT_TRUE(LabelSelector::Parse(c.selector, &s, &error)) << c.selector << ": " << error;
    EXPECT_EQ(s.Matches(c.labels), c.matches) << c.selector;
  }
}

TEST(LabelSelectorTest, RejectsMalformedSelectors) {
  for (const std::string bad :
       {"app in (a", "=x", "app=in valid", "a,,b", "rank>x", "app in (b@d)"}) {
    LabelSelector s;
    std::string error;
    EXPECT_FALSE(LabelSelector::Parse(bad, &s, &error)) << bad;
    EXPECT_NE(error.find("unable to parse requirement"), std::string::npos) << bad << ": " << error;
  }
}

TEST(FieldSelectorTest, NameAndNamespace) {
  struct Case {
    std::string selector;
    bool matches;
  };
  const std::vector<Case> cases = {
      {"", true},
      {"metadata.name=cm1", true},
      {"metadata.name==cm1", true},
      {"metadata.name=cm2", false},
      {"metadata.name!=cm2", true},
      {"metadata.namespace=ns1", true},
      {"metadata.namespace!=ns1", false},
      {"metadata.namespace=ns1,metadata.name=cm1", true},
  };
  for (const Case& c : cases) {
    FieldSelector s;
    std::string error;
    ASSERT_TRUE(FieldSelector::Parse(c.selector, &s, &error)) << c.selector;
    EXPECT_EQ(s.Matches("ns1", "cm1"), c.matches) << c.selector;
  }
  FieldSelector s;
  std::string error;
  EXPECT_FALSE(FieldSelector::Parse("spec.nodeName=a", &s, &error));
  EXPECT_EQ(error, "field label not supported: spec.nodeName");
}

}  // namespace
}  // namespace ark::kubesim
