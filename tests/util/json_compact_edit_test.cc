#include "util/json_compact_edit.h"

#include <gtest/gtest.h>

#include "util/json_scan.h"

namespace ark::json_scan {
namespace {

TopLevelEdit ConfigMapEdit() {
  TopLevelEdit edit;
  edit.drop = {"status"};
  edit.add_if_missing = {{"apiVersion", "\"v1\""}, {"kind", "\"ConfigMap\""}};
  return edit;
}

TEST(CompactValueEndTest, FindsTheEndOfCompactValuesAndRefusesWhitespace) {
  const std::string compact = R"({"a":[1,{"b":"x y"}],"c":null}tail)";
  EXPECT_EQ(CompactValueEnd(compact, 0), compact.size() - 4);
  EXPECT_EQ(CompactValueEnd(R"("s p a c e")", 0), 11u) << "whitespace inside strings is content";
  for (const char* spaced :
       {"{ }", R"({"a": 1})", R"({"a":1 ,"b":2})", "[1,\n2]", R"({"a"	:1})"}) {
    SCOPED_TRACE(spaced);
    EXPECT_EQ(CompactValueEnd(spaced, 0), npos);
    EXPECT_NE(ValueEnd(spaced, 0), npos);
  }
  EXPECT_EQ(CompactValueEnd("[1,]", 0), npos);
}

TEST(AppendCompactEditedTest, CopiesMembersDropsStatusAndStampsMissingOnesFirst) {
  const TopLevelEdit edit = ConfigMapEdit();
  std::string out = "prefix";
  ObjectNames names;
  ASSERT_TRUE(AppendCompactEdited(
      R"({"metadata":{"name":"c","namespace":"ns","labels":{"name":"not-this"}},"status":{"phase":"x"},"data":{"k":"v\"w"}})",
      &out, edit, &names));
  EXPECT_EQ(
      out,
      R"(prefix{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns","labels":{"name":"not-this"}},"data":{"k":"v\"w"}})");
  EXPECT_EQ(names.name, "c");
  EXPECT_EQ(names.ns, "ns");
}

TEST(AppendCompactEditedTest, ReportsTheTopLevelMembersAsWritten) {
  std::string out;
  ObjectNames names;
  MemberSpans members = {{"stale", "entry"}};
  ASSERT_TRUE(AppendCompactEdited(R"({"metadata":{"name":"p"},"spec":{"volumes":[]},"status":{}})",
                                  &out, ConfigMapEdit(), &names, &members));
  const MemberSpans want = {
      {"metadata", R"({"name":"p"})"}, {"spec", R"({"volumes":[]})"}, {"status", "{}"}};
  EXPECT_EQ(members, want) << "dropped members are reported too; the list starts afresh";
}

TEST(AppendCompactEditedTest, KeepsMembersThatArePresentAndHandlesEmptyResults) {
  const TopLevelEdit edit = ConfigMapEdit();
  std::string out;
  ObjectNames names;
  ASSERT_TRUE(AppendCompactEdited(R"({"kind":"Widget","apiVersion":"example.com/v1","status":{}})",
                                  &out, edit, &names));
  EXPECT_EQ(out, R"({"kind":"Widget","apiVersion":"example.com/v1"})");
  EXPECT_EQ(names.name, "");

  out.clear();
  ASSERT_TRUE(AppendCompactEdited(R"({"status":{"a":1}})", &out, edit, &names));
  EXPECT_EQ(out, R"({"apiVersion":"v1","kind":"ConfigMap"})");
  out.clear();
  ASSERT_TRUE(AppendCompactEdited("{}", &out, edit, &names));
  EXPECT_EQ(out, R"({"apiVersion":"v1","kind":"ConfigMap"})");
  out.clear();
  ASSERT_TRUE(AppendCompactEdited(R"({"kind":"K"})", &out, edit, &names));
  EXPECT_EQ(out, R"({"apiVersion":"v1","kind":"K"})");
}

TEST(AppendCompactEditedTest, DecodesEscapedNamesAndKeys) {
  std::string out;
  ObjectNames names;
  ASSERT_TRUE(AppendCompactEdited(
      R"({"\u006detadata":{"namespace":"n\u00e9","name":"a\"b"},"st\u0061tus":1})", &out,
      ConfigMapEdit(), &names));
  EXPECT_EQ(names.name, "a\"b");
  EXPECT_EQ(names.ns, "n\xc3\xa9");
  EXPECT_EQ(out.find("st\\u0061tus"), std::string::npos) << "an escaped status key is dropped too";
}

TEST(AppendCompactEditedTest, LeavesOutUnchangedForTextItDoesNotCopy) {
  for (const char* text : {R"({"a": 1})", "{\n\"a\":1}", R"({"a":1} )", R"({"a":1,})", R"([1])",
                           R"({"metadata":{"name":7,})", R"({"a":1}{"b":2})", "", R"("s")"}) {
    SCOPED_TRACE(text);
    std::string out = "kept";
    ObjectNames names;
    EXPECT_FALSE(AppendCompactEdited(text, &out, ConfigMapEdit(), &names));
    EXPECT_EQ(out, "kept");
  }
}

// The At form reads the object at the start of a longer text (a LIST page's rest) and says
// where it ended; the copy is the same as of the object alone.
TEST(AppendCompactEditedTest, AtReadsTheObjectAtTheStartOfLongerText) {
  const std::string item = R"({"metadata":{"name":"c"},"status":{},"data":{"k":"}"}})";
  std::string alone, within;
  ObjectNames names;
  ASSERT_TRUE(AppendCompactEdited(item, &alone, ConfigMapEdit(), &names));
  EXPECT_EQ(AppendCompactEditedAt(item + R"(,{"metadata":{"name":"d"}}]})", &within,
                                  ConfigMapEdit(), &names),
            item.size());
  EXPECT_EQ(within, alone);
  for (const char* text : {R"({"a": 1},{"b":2})", R"({"a":1)", R"({"a":1,})", "]"}) {
    SCOPED_TRACE(text);
    std::string out = "kept";
    EXPECT_EQ(AppendCompactEditedAt(text, &out, ConfigMapEdit(), &names), npos);
    EXPECT_EQ(out, "kept");
  }
}

}  // namespace
}  // namespace ark::json_scan
