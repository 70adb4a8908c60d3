// `-o json` and `-o yaml` print objects kubectl applies as they are: what `ark ... create -o
// yaml | kubectl apply -f -` stores is what `ark ... create` would have submitted, and what
// `ark ... get -o yaml` prints applies back without changing anything.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/e2e/ark_env.h"

namespace ark::testing {
namespace {

using nlohmann::json;

struct RoundTripCase {
  const char* kind;      // "backup"
  const char* resource;  // "backups.ark.heptio.com"
  const char* name;
  std::vector<std::string> flags;
};

// kubectl apply drops null fields (a null asks to remove the field), so null and absent are one.
json WithoutNulls(const json& j) {
  if (!j.is_object()) return j;
  json out = json::object();
  for (const auto& [k, v] : j.items()) {
    if (!v.is_null()) out[k] = WithoutNulls(v);
  }
  return out;
}

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(OutputRoundTripTest, PrintedObjectsApplyWithKubectlUnchanged) {
  // No server: the objects stay exactly as applied.
  auto env = ArkEnv::Start({.start_server = false});
  ASSERT_NE(env, nullptr);
  // Values YAML would re-type if printed bare: a numeric namespace, label values "1.0" and "true".
  const RoundTripCase cases[] = {
      {"backup",
       "backups.ark.heptio.com",
       "rt-backup",
       {"--include-namespaces", "123,nginx-example", "--labels", "version=1.0,enabled=true",
        "--selector", "app=nginx", "--ttl", "2h0m0s", "--exclude-resources", "events"}},
      {"restore",
       "restores.ark.heptio.com",
       "rt-restore",
       {"--from-backup", "rt-backup", "--namespace-mappings", "123:456", "--labels", "on=yes",
        "--restore-volumes=false", "--include-cluster-resources=true", "--existing-resource-policy",
        "update"}},
      {"schedule",
       "schedules.ark.heptio.com",
       "rt-schedule",
       {"--schedule", "0 7 * * *", "--include-namespaces", "007", "--labels", "n=null"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.kind);
    const std::vector<std::string> create = Concat({c.kind, "create", c.name}, c.flags);
    auto as_json = env->Ark(Concat(create, {"-o", "json"}));
    ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
    const json printed = json::parse(as_json.out);
    auto as_yaml = env->Ark(Concat(create, {"-o", "yaml"}));
    ASSERT_EQ(as_yaml.exit_code, 0) << as_yaml.err;
    EXPECT_EQ(as_yaml.out.find('~'), std::string::npos) << as_yaml.out;

    auto applied = env->Kubectl({"apply", "-f", "-"}, as_yaml.out);
    ASSERT_EQ(applied.exit_code, 0) << applied.err << "\n" << as_yaml.out;
    const json stored = env->Get(c.resource, c.name, "heptio-ark");
    ASSERT_FALSE(stored.is_null());
    EXPECT_EQ(stored["spec"], WithoutNulls(printed["spec"])) << as_yaml.out;
    EXPECT_EQ(stored["metadata"].value("labels", json::object()),
              printed["metadata"].value("labels", json::object()));

    // What `get` prints, in either format, applies back and changes nothing.
    for (const char* format : {"yaml", "json"}) {
      auto got = env->Ark({c.kind, "get", c.name, "-o", format});
      ASSERT_EQ(got.exit_code, 0) << got.err;
      auto reapplied = env->Kubectl({"apply", "-f", "-"}, got.out);
      EXPECT_EQ(reapplied.exit_code, 0) << format << ": " << reapplied.err << "\n" << got.out;
      const json after = env->Get(c.resource, c.name, "heptio-ark");
      EXPECT_EQ(after["spec"], stored["spec"]) << format;
      EXPECT_EQ(after["metadata"].value("labels", json::object()),
                stored["metadata"].value("labels", json::object()))
          << format;
    }
  }

  // What `backup delete` submits: the DeleteBackupRequest Ark's CLI writes, labelled with the
  // backup's name.
  auto deleted = env->Ark({"backup", "delete", "rt-backup", "--confirm"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  auto requests = env->Kubectl(
      {"get", "deletebackuprequests.ark.heptio.com", "-n", "heptio-ark", "-o", "json"});
  ASSERT_EQ(requests.exit_code, 0) << requests.err;
  const json items = json::parse(requests.out)["items"];
  ASSERT_EQ(items.size(), 1u) << requests.out;
  EXPECT_EQ(items[0]["spec"], (json{{"backupName", "rt-backup"}}));
  EXPECT_EQ(items[0]["metadata"]["generateName"], "rt-backup-");
  EXPECT_EQ(items[0]["metadata"]["labels"], (json{{"ark.heptio.com/backup-name", "rt-backup"}}));
  EXPECT_FALSE(items[0].contains("status")) << items[0].dump();
}

}  // namespace
}  // namespace ark::testing
