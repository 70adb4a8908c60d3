#include "util/json_cursor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "util/json_scan.h"

namespace ark::json_scan {
namespace {

// Every member as "key=value", read with ValueEnd; "!" appended when the object was malformed.
std::string Members(std::string_view text) {
  MemberCursor members(text, 0);
  std::string out;
  std::string_view key;
  size_t pos = 0;
  while (members.Next(&key, &pos)) {
    const size_t end = ValueEnd(text, pos);
    if (end != npos) out += std::string(key) + "=" + std::string(text.substr(pos, end - pos)) + ";";
    members.ValueEndsAt(end);
  }
  EXPECT_NE(members.done(), members.failed());
  return members.done() ? out : out + "!";
}

std::string Elements(std::string_view text) {
  ElementCursor elements(text, 0);
  std::string out;
  size_t pos = 0;
  while (elements.Next(&pos)) {
    const size_t end = ValueEnd(text, pos);
    if (end != npos) out += std::string(text.substr(pos, end - pos)) + ";";
    elements.ValueEndsAt(end);
  }
  EXPECT_NE(elements.done(), elements.failed());
  return elements.done() ? out : out + "!";
}

TEST(MemberCursor, ReadsMembersWithAnyWhitespace) {
  EXPECT_EQ(Members("{}"), "");
  EXPECT_EQ(Members(" { } "), "");
  EXPECT_EQ(Members(R"({"a":1,"b":[2,3],"c":{"d":null}})"), R"(a=1;b=[2,3];c={"d":null};)");
  EXPECT_EQ(Members("{\n  \"a\" : \"x\" ,\n  \"b\\n\": true\n}"), R"(a="x";b\n=true;)");
}

TEST(MemberCursor, MalformedObjectsFail) {
  for (const char* text : {"", "[]", "{", R"({"a":1)", R"({"a":1,})", R"({"a" 1})", R"({a:1})",
                           R"({"a":1 "b":2})", R"({"a":})", R"({"a":1]})", R"({"a)"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Members(text).back(), '!');
  }
}

TEST(MemberCursor, StopsAtAValueAndResumesPastIt) {
  const std::string text = R"({"kind":"List","items":[{"a":1},{"b":2}],"more":true})";
  MemberCursor members(text, 0);
  std::string_view key;
  size_t pos = 0;
  ASSERT_TRUE(members.Next(&key, &pos));
  members.ValueEndsAt(ValueEnd(text, pos));
  ASSERT_TRUE(members.Next(&key, &pos));
  EXPECT_EQ(key, "items");
  MemberCursor later = members;  // left in the value: whoever reads it reports its end
  later.ValueEndsAt(ValueEnd(text, pos));
  ASSERT_TRUE(later.Next(&key, &pos));
  EXPECT_EQ(key, "more");
  later.ValueEndsAt(ValueEnd(text, pos));
  EXPECT_FALSE(later.Next(&key, &pos));
  EXPECT_TRUE(later.done());
  EXPECT_EQ(later.end(), text.size());
  // A value whose end is never reported is not mistaken for the end of the object.
  EXPECT_FALSE(members.Next(&key, &pos));
  EXPECT_TRUE(members.failed());
}

TEST(ElementCursor, ReadsElementsAndRejectsMalformedArrays) {
  EXPECT_EQ(Elements("[]"), "");
  EXPECT_EQ(Elements(" [ 1 , {\"a\":2} ,\"x\"] "), R"(1;{"a":2};"x";)");
  for (const char* text : {"", "{}", "[", "[1", "[1,]", "[1 2]", "[,1]", "[1,,2]"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Elements(text).back(), '!');
  }
  // The cursor starts where it is told, and ends just past the closing bracket.
  const std::string text = R"({"items":[1,2],"x":0})";
  ElementCursor elements(text, 9);
  size_t pos = 0;
  while (elements.Next(&pos)) elements.ValueEndsAt(ValueEnd(text, pos));
  ASSERT_TRUE(elements.done());
  EXPECT_EQ(text.substr(elements.end()), R"(,"x":0})");
}

}  // namespace
}  // namespace ark::json_scan
