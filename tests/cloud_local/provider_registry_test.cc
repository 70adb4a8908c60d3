#include "cloud/provider_registry.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloud/builtin_providers.h"
#include "cloud/provider_config.h"
#include "support/process.h"

namespace ark::cloud {
namespace {

class NullStore : public ObjectStore {
 public:
  Status PutObject(const std::string&, const std::string&, ByteSource&, int64_t) override {
    return Status::Ok();
  }
  Status GetObject(const std::string&, const std::string&, ByteSink&) override {
    return NotFound("x");
  }
  Result<bool> ObjectExists(const std::string&, const std::string&) override { return false; }
  Result<std::vector<std::string>> ListCommonPrefixes(const std::string&, const std::string&,
                                                      const std::string&) override {
    return std::vector<std::string>{};
  }
  Result<std::vector<std::string>> ListObjects(const std::string&, const std::string&) override {
    return std::vector<std::string>{};
  }
  Status DeleteObject(const std::string&, const std::string&) override { return Status::Ok(); }
  Result<std::string> CreateSignedUrl(const std::string&, const std::string&,
                                      std::chrono::seconds) override {
    return std::string("null://");
  }
};

TEST(ProviderRegistry, UnknownNamesListTheKnownOnes) {
  ProviderRegistry registry;
  registry.RegisterObjectStore("gcp", [](const ProviderConfig&, const ProviderEnv&) {
    return Result<std::unique_ptr<ObjectStore>>(std::make_unique<NullStore>());
  });
  registry.RegisterObjectStore("aws", [](const ProviderConfig&, const ProviderEnv&) {
    return Result<std::unique_ptr<ObjectStore>>(std::make_unique<NullStore>());
  });
  auto store = registry.NewObjectStore("foo", {}, ProcessProviderEnv());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.status().message(), "unknown object store provider \"foo\" (known: aws, gcp)");
  auto block = registry.NewBlockStore("aws", {}, ProcessProviderEnv());
  EXPECT_EQ(block.status().message(), "unknown block store provider \"aws\" (known: none)");
  EXPECT_TRUE(registry.NewObjectStore("aws", {}, ProcessProviderEnv()).ok());
  EXPECT_EQ(registry.ObjectStoreNames(), (std::vector<std::string>{"aws", "gcp"}));
}

TEST(ProviderRegistry, FactoryErrorsNameTheProviderAndConfigReachesIt) {
  ProviderRegistry registry;
  ProviderConfig seen;
  registry.RegisterObjectStore("picky", [&](const ProviderConfig& c, const ProviderEnv&) {
    seen = c;
    return Result<std::unique_ptr<ObjectStore>>(
        InvalidArgument("config key \"region\" is required"));
  });
  auto store = registry.NewObjectStore("picky", {{"bucket", "b"}}, ProcessProviderEnv());
  EXPECT_EQ(store.status().ToString(),
            "InvalidArgument: object store provider \"picky\": config key \"region\" is required");
  EXPECT_EQ(seen, (ProviderConfig{{"bucket", "b"}}));
}

TEST(ProviderRegistry, BuiltinsIncludeLocalAndAws) {
  ProviderRegistry registry;
  RegisterBuiltinProviders(registry);
  auto names = registry.ObjectStoreNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "local"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "aws"), names.end());
  ark::testing::TempDir root;  // the local store's path must exist
  auto local = registry.NewObjectStore("local", {{"path", root.path()}}, ProcessProviderEnv());
  EXPECT_TRUE(local.ok()) << local.status().ToString();
}

TEST(ProcessProviderEnv, ReadsTheProcessEnvironment) {
  ProviderEnv env = ProcessProviderEnv();
  ::setenv("ARK_PROVIDER_ENV_TEST", "v1", 1);
  EXPECT_EQ(env.getenv("ARK_PROVIDER_ENV_TEST"), std::optional<std::string>("v1"));
  ::unsetenv("ARK_PROVIDER_ENV_TEST");
  EXPECT_EQ(env.getenv("ARK_PROVIDER_ENV_TEST"), std::nullopt);
  EXPECT_NE(env.clock, nullptr);
}

TEST(FlattenProviderConfig, ScalarsBecomeStrings) {
  auto section = nlohmann::json::parse(
      R"({"region":"us-east-1","s3ForcePathStyle":true,"port":9000,"ratio":1.5,"unset":null})");
  auto flat = FlattenProviderConfig(section, "backupStorageProvider.aws");
  ASSERT_TRUE(flat.ok()) << flat.status().ToString();
  EXPECT_EQ(*flat, (ProviderConfig{{"region", "us-east-1"},
                                   {"s3ForcePathStyle", "true"},
                                   {"port", "9000"},
                                   {"ratio", "1.5"}}));
  EXPECT_TRUE(FlattenProviderConfig(nullptr, "x")->empty());
}

TEST(FlattenProviderConfig, NestedValuesAreErrorsNamingTheKey) {
  struct Case {
    const char* json;
    const char* message;
  } cases[] = {
      {R"({"tags":{"a":"b"}})",
       "backupStorageProvider.aws.tags: expected a string, number or boolean, got object"},
      {R"({"zones":["a"]})",
       "backupStorageProvider.aws.zones: expected a string, number or boolean, got array"},
      {R"("us-east-1")", "backupStorageProvider.aws: expected a map of settings, got string"},
  };
  for (const Case& c : cases) {
    auto flat = FlattenProviderConfig(nlohmann::json::parse(c.json), "backupStorageProvider.aws");
    ASSERT_FALSE(flat.ok()) << c.json;
    EXPECT_EQ(flat.status().message(), c.message);
  }
}

TEST(ConfigBool, ParsesAndRejects) {
  ProviderConfig c{{"a", "TRUE"}, {"b", "0"}, {"c", "yes"}};
  EXPECT_TRUE(*ConfigBool(c, "a", false));
  EXPECT_FALSE(*ConfigBool(c, "b", true));
  EXPECT_TRUE(*ConfigBool(c, "missing", true));
  EXPECT_EQ(ConfigBool(c, "c", false).status().message(),
            "config key \"c\": expected true or false, got \"yes\"");
  EXPECT_EQ(ConfigValue(c, "a"), "TRUE");
  EXPECT_EQ(ConfigValue(c, "zz", "dflt"), "dflt");
}

}  // namespace
}  // namespace ark::cloud
