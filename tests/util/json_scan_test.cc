#include "util/json_scan.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "util/json_canonical.h"

namespace ark::json_scan {
namespace {

TEST(JsonScanTest, AcceptsWellFormedValues) {
  for (const char* text :
       {"{}", "[]", " { } ", "0", "-0.5e+3", "1E9", "true", "false", "null",
        R"("a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00")", R"({"a":[1,{"b":[]},"x"],"c":{"d":null}})",
        "[[[[]]]]", "{\"k\" :\n [ 1 , 2 ]\t}"}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(IsValue(text));
    EXPECT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded());
  }
}

TEST(JsonScanTest, RejectsMalformedValues) {
  for (const char* text :
       {"",           " ",         "{",        "}",           "[",
        "[1,]",       "[,1]",      "{\"a\"}",  "{\"a\":}",    "{\"a\":1,}",
        "{a:1}",      "{\"a\" 1}", "[1 2]",    "01",          "1.",
        ".5",         "-",         "1e",       "+1",          "tru",
        "nul",        "\"abc",     "\"a\\x\"", "\"\\u12G4\"", "\"tab\there\"",
        "{\"a\":1}}", "[1]]",      "{} {}",    "[\"\\",       "{\"a\":1 \"b\":2}"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(IsValue(text));
    EXPECT_TRUE(nlohmann::json::parse(text, nullptr, false).is_discarded());
  }
}

TEST(JsonScanTest, NestingBeyondTheLimitIsMalformedNotACrash) {
  std::string deep(kMaxDepth + 10, '[');
  deep += std::string(kMaxDepth + 10, ']');
  EXPECT_FALSE(IsValue(deep));
  std::string out;
  EXPECT_FALSE(AppendCanonical(deep, &out));
  std::string ok(kMaxDepth, '[');
  ok += std::string(kMaxDepth, ']');
  EXPECT_TRUE(IsValue(ok));
}

TEST(JsonScanTest, SplitsArraysAndWalksMembers) {
  std::vector<std::string_view> items;
  ASSERT_TRUE(SplitArray(R"( [ {"a":1} , "x,y" ,[2,3] ] )", &items));
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0], R"({"a":1})");
  EXPECT_EQ(items[1], R"("x,y")");
  EXPECT_EQ(items[2], "[2,3]");
  EXPECT_FALSE(SplitArray("[1,2", &items));

  std::vector<std::pair<std::string, std::string>> members;
  ASSERT_TRUE(ForEachMember(R"({"kind":"List", "items" : [{"x":"}"}],"m\u0065ta":{}})",
                            [&](std::string_view k, std::string_view v) {
                              members.emplace_back(std::string(k), std::string(v));
                              return true;
                            }));
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[1].second, R"([{"x":"}"}])");
  EXPECT_TRUE(KeyEquals(members[2].first, "meta"));
  EXPECT_FALSE(ForEachMember("[1]", [](auto, auto) { return true; }));
}

TEST(JsonScanTest, MemberValuesAreConsumedByTheCaller) {
  const std::string_view list = R"({"kind":"PodList","items":[{"a":1}, {"b":[2]}],"metadata":{}})";
  std::vector<std::string_view> items;
  std::vector<std::string> keys;
  ASSERT_TRUE(ForEachMemberAt(list, [&](std::string_view key, size_t pos) {
    keys.emplace_back(key);
    return key == "items" ? SplitArrayAt(list, pos, &items) : ValueEnd(list, pos);
  }));
  EXPECT_EQ(keys, (std::vector<std::string>{"kind", "items", "metadata"}));
  EXPECT_EQ(items, (std::vector<std::string_view>{R"({"a":1})", R"({"b":[2]})"}));
  // A value the caller rejects, or malformed text after it, fails the walk.
  EXPECT_FALSE(ForEachMemberAt(list, [](std::string_view, size_t) { return npos; }));
  EXPECT_FALSE(ForEachMemberAt(R"({"items":[1,]})", [&](std::string_view, size_t pos) {
    return SplitArrayAt(R"({"items":[1,]})", pos, &items);
  }));
}

TEST(JsonScanTest, FindsAndDecodesNestedStrings) {
  const char* pod = R"({"metadata":{"namespace":"n\u00e9","name":"a\"b","labels":{}},"spec":{}})";
  EXPECT_EQ(StringAt(pod, "metadata", "name"), "a\"b");
  EXPECT_EQ(StringAt(pod, "metadata", "namespace"), "n\xc3\xa9");
  EXPECT_EQ(StringAt(pod, "metadata", "uid"), "");
  EXPECT_EQ(StringAt(pod, "spec", "name"), "");
  EXPECT_EQ(StringAt("{\"metadata\":\"x\"}", "metadata", "name"), "");
  std::string out;
  EXPECT_FALSE(DecodeString(R"("\udc00")", &out)) << "a lone low surrogate";
  EXPECT_FALSE(DecodeString(R"("\ud800x")", &out)) << "a high surrogate without its pair";
}

// The canonical form is what nlohmann's dump() writes, for every shape of input.
TEST(JsonCanonicalTest, EqualsTheTreeRoundTrip) {
  for (const char* text :
       {R"({"b":1,"a":{"z":[3,{"y":true,"x":null}],"c":"d"}})",
        R"({ "kind" : "Pod" ,
                "metadata" : { "name" : "p" , "labels" : { "b" : "2" , "a" : "1" } } })",
        R"(["\u0041\n\u0001\/", "plain é", {"\u006b":"v","j":"w"}])",
        R"(["{\"a\":\"b\\\\c\"}\n\t\u001f\u0000", "\u003cGo\u003e", "\u0009\u000A\u00e9"])",
        R"({"dup":1,"a":0,"dup":2})", R"({"a":-12,"b":3.25,"c":[],"d":{}})", R"("")", "[]", "{}",
        "7"}) {
    SCOPED_TRACE(text);
    std::string out;
    ASSERT_TRUE(AppendCanonical(text, &out));
    EXPECT_EQ(out, nlohmann::json::parse(text).dump());
  }
}

TEST(JsonCanonicalTest, TopLevelEditDropsAndStampsMembers) {
  TopLevelEdit edit;
  edit.drop = {"status"};
  edit.add_if_missing = {{"apiVersion", "\"v1\""}, {"kind", "\"ConfigMap\""}};
  std::string out;
  ASSERT_TRUE(AppendCanonical(
      R"({"metadata":{"name":"c","status":"kept"},"status":{"phase":"x"},"data":{"k":"v"}})", &out,
      &edit));
  EXPECT_EQ(
      out,
      R"({"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"name":"c","status":"kept"}})");

  out.clear();
  ASSERT_TRUE(AppendCanonical(R"({"kind":"Widget","apiVersion":"example.com/v1"})", &out, &edit));
  EXPECT_EQ(out, R"({"apiVersion":"example.com/v1","kind":"Widget"})") << "present members win";
}

TEST(JsonCanonicalTest, ReadsTheTopLevelMetadataNamesInTheSamePass) {
  ObjectNames names;
  std::string out;
  ASSERT_TRUE(AppendCanonical(
      R"({"spec":{"name":"not-this"},"metadata":{"labels":{"name":"nor-this"},"namespace":"n\u00e9","name":"a\"b"}})",
      &out, nullptr, &names));
  EXPECT_EQ(names.name, "a\"b");
  EXPECT_EQ(names.ns, "n\xc3\xa9");
  ObjectNames none;
  ASSERT_TRUE(AppendCanonical(R"({"metadata":{"name":7},"name":"top"})", &out, nullptr, &none));
  EXPECT_EQ(none.name, "");
  EXPECT_EQ(none.ns, "");
}

TEST(JsonCanonicalTest, RejectsMalformedInput) {
  for (const char* text : {"{\"a\":}", "[1,]", "{\"a\":1", "\"\\q\"", "{} x"}) {
    SCOPED_TRACE(text);
    std::string out;
    EXPECT_FALSE(AppendCanonical(text, &out));
  }
}

}  // namespace
}  // namespace ark::json_scan
