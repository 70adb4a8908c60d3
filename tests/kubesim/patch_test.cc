#include "kubesim/patch.h"

#include <gtest/gtest.h>

namespace ark::kubesim {
namespace {

using nlohmann::json;

struct PatchCase {
  const char* name;
  const char* doc;
  const char* patch;
  const char* want;  // nullptr: the patch must fail
};

void RunCases(const std::vector<PatchCase>& cases,
              Result<json> (*apply)(const json&, const json&)) {
  for (const PatchCase& c : cases) {
    Result<json> got = apply(json::parse(c.doc), json::parse(c.patch));
    if (c.want == nullptr) {
      EXPECT_FALSE(got.ok()) << c.name;
      continue;
    }
    ASSERT_TRUE(got.ok()) << c.name << ": " << got.status().ToString();
    EXPECT_EQ(*got, json::parse(c.want)) << c.name << ": got " << got->dump();
  }
}

TEST(PatchTest, MergePatch) {
  RunCases(
      {
          {"set", R"({"a":1})", R"({"b":2})", R"({"a":1,"b":2})"},
          {"null deletes", R"({"a":1,"b":2})", R"({"b":null})", R"({"a":1})"},
          {"nested", R"({"m":{"x":1,"y":2}})", R"({"m":{"y":3}})", R"({"m":{"x":1,"y":3}})"},
          {"lists replace", R"({"l":[1,2]})", R"({"l":[3]})", R"({"l":[3]})"},
          {"not an object", R"({})", R"([1])", nullptr},
      },
      ApplyMergePatch);
}

TEST(PatchTest, JsonPatch) {
  RunCases(
      {
          {"add", R"({"a":1})", R"([{"op":"add","path":"/b","value":2}])", R"({"a":1,"b":2})"},
          {"add to list end", R"({"l":[1]})", R"([{"op":"add","path":"/l/-","value":2}])",
           R"({"l":[1,2]})"},
          {"insert", R"({"l":[1,3]})", R"([{"op":"add","path":"/l/1","value":2}])",
           R"({"l":[1,2,3]})"},
          {"remove", R"({"a":1,"b":2})", R"([{"op":"remove","path":"/a"}])", R"({"b":2})"},
          {"replace", R"({"a":1})", R"([{"op":"replace","path":"/a","value":5}])", R"({"a":5})"},
          {"escaped key", R"({"m":{"a/b":1}})", R"([{"op":"replace","path":"/m/a~1b","value":2}])",
           R"({"m":{"a/b":2}})"},
          {"move", R"({"a":1})", R"([{"op":"move","from":"/a","path":"/b"}])", R"({"b":1})"},
          {"copy", R"({"a":1})", R"([{"op":"copy","from":"/a","path":"/b"}])", R"({"a":1,"b":1})"},
          {"test ok", R"({"a":1})", R"([{"op":"test","path":"/a","value":1}])", R"({"a":1})"},
          {"test fails", R"({"a":1})", R"([{"op":"test","path":"/a","value":2}])", nullptr},
          {"remove missing", R"({})", R"([{"op":"remove","path":"/x"}])", nullptr},
          {"replace missing", R"({})", R"([{"op":"replace","path":"/x","value":1}])", nullptr},
          {"unknown op", R"({})", R"([{"op":"frob","path":"/x"}])", nullptr},
          {"not a list", R"({})", R"({"op":"add"})", nullptr},
      },
      ApplyJsonPatch);
}

TEST(PatchTest, StrategicMergePatch) {
  RunCases(
      {
          {"containers merge by name",
           R"({"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}})",
           R"({"spec":{"containers":[{"name":"b","image":"b:2"}]}})",
           R"({"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]}})"},
          {"container ports merge by containerPort",
           R"({"ports":[{"containerPort":80,"name":"http"}]})",
           R"({"ports":[{"containerPort":443,"name":"https"}]})",
           R"({"ports":[{"containerPort":80,"name":"http"},{"containerPort":443,"name":"https"}]})"},
          {"delete directive", R"({"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]})",
           R"({"env":[{"name":"A","$patch":"delete"}]})", R"({"env":[{"name":"B","value":"2"}]})"},
          {"setElementOrder", R"({"containers":[{"name":"a"},{"name":"b"}]})",
           R"({"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"name":"a","image":"x"}]})",
           R"({"containers":[{"name":"b"},{"name":"a","image":"x"}]})"},
          {"replace directive", R"({"m":{"a":1,"b":2}})", R"({"m":{"$patch":"replace","c":3}})",
           R"({"m":{"c":3}})"},
          {"retainKeys", R"({"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}})",
           R"({"strategy":{"$retainKeys":["type"],"type":"Recreate"}})",
           R"({"strategy":{"type":"Recreate"}})"},
          {"labels and null", R"({"metadata":{"labels":{"a":"1","b":"2"}}})",
           R"({"metadata":{"labels":{"a":null,"c":"3"}}})",
           R"({"metadata":{"labels":{"b":"2","c":"3"}}})"},
          {"atomic lists replace", R"({"args":["a","b"]})", R"({"args":["c"]})",
           R"({"args":["c"]})"},
          {"finalizers merge as a set", R"({"finalizers":["a"]})", R"({"finalizers":["b","a"]})",
           R"({"finalizers":["a","b"]})"},
          {"deleteFromPrimitiveList", R"({"finalizers":["a","b"]})",
           R"({"$deleteFromPrimitiveList/finalizers":["a"]})", R"({"finalizers":["b"]})"},
          {"missing merge key", R"({"containers":[]})", R"({"containers":[{"image":"x"}]})",
           nullptr},
      },
      ApplyStrategicMergePatch);
}

}  // namespace
}  // namespace ark::kubesim
