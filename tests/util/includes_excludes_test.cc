#include "util/includes_excludes.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

TEST(IncludesExcludesTest, ShouldInclude) {
  struct Case {
    std::vector<std::string> includes, excludes;
    std::string item;
    bool want;
  };
  const Case cases[] = {
      {{}, {}, "anything", true},
      {{"*"}, {}, "anything", true},
      {{"*"}, {"kube-system"}, "kube-system", false},
      {{"*"}, {"kube-system"}, "default", true},
      {{"a", "b"}, {}, "a", true},
      {{"a", "b"}, {}, "c", false},
      {{"a"}, {"a"}, "a", false},  // exclusion wins
      {{}, {"x"}, "x", false},
      {{}, {"x"}, "y", true},
  };
  for (const Case& c : cases) {
    IncludesExcludes ie(c.includes, c.excludes);
    EXPECT_EQ(ie.ShouldInclude(c.item), c.want) << c.item;
  }
}

TEST(IncludesExcludesTest, IncludesEverythingAndStrings) {
  EXPECT_TRUE(IncludesExcludes().IncludesEverything());
  EXPECT_TRUE(IncludesExcludes({"*"}, {}).IncludesEverything());
  EXPECT_FALSE(IncludesExcludes({"*"}, {"a"}).IncludesEverything());
  EXPECT_FALSE(IncludesExcludes({"a"}, {}).IncludesEverything());

  IncludesExcludes ie;
  ie.Include("b").Include("a").Exclude("z");
  EXPECT_EQ(ie.IncludesString(), "a, b");
  EXPECT_EQ(ie.ExcludesString(), "z");
  EXPECT_EQ(IncludesExcludes().IncludesString(), "*");
  EXPECT_EQ(IncludesExcludes().ExcludesString(), "");
}

TEST(IncludesExcludesTest, ValidationRules) {
  struct Case {
    std::vector<std::string> includes, excludes;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {{}, {}, {}},
      {{"*"}, {"a"}, {}},
      {{"a", "b"}, {"c"}, {}},
      // Rule 1: '*' together with other entries.
      {{"*", "a"},
       {},
       {"includes list must either contain '*' only, or a non-empty list of items"}},
      // Rule 2: '*' excluded.
      {{}, {"*"}, {"excludes list cannot contain '*'"}},
      // Rule 3: the same entry in both lists.
      {{"a", "b"}, {"b"}, {"excludes list cannot contain an item in the includes list: b"}},
      // Several at once, in rule order.
      {{"*", "x"},
       {"*", "x"},
       {"includes list must either contain '*' only, or a non-empty list of items",
        "excludes list cannot contain '*'",
        "excludes list cannot contain an item in the includes list: *",
        "excludes list cannot contain an item in the includes list: x"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValidateIncludesExcludes(c.includes, c.excludes), c.want);
  }
}

TEST(IncludesExcludesTest, IncludesAllByDefaultIgnoresTheExcludes) {
  EXPECT_TRUE(IncludesExcludes().IncludesAllByDefault());
  EXPECT_TRUE(IncludesExcludes({"*"}, {"kube-system"}).IncludesAllByDefault());
  EXPECT_FALSE(IncludesExcludes({"*"}, {"kube-system"}).IncludesEverything());
  EXPECT_FALSE(IncludesExcludes({"default"}, {}).IncludesAllByDefault());
}

}  // namespace
}  // namespace ark
