// The "gcp" provider is reachable through the registry by name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloud/builtin_providers.h"
#include "cloud/provider_config.h"
#include "cloud/provider_registry.h"
#include "support/process.h"
#include "token_stub.h"

namespace ark::cloud {
namespace {

TEST(GcpRegistration, BuiltinRegistryBuildsBothStores) {
  ProviderRegistry registry;
  RegisterBuiltinProviders(registry);
  ark::testing::TestRsaKey key;
  ark::testing::TempDir dir;
  ark::testing::WriteFile(
      dir.File("key.json"),
      ark::testing::ServiceAccountJson(key, "https://oauth2.invalid/token").dump());
  const std::string path = dir.File("key.json");
  ProviderEnv env;
  env.getenv = [path](std::string_view name) -> std::optional<std::string> {
    if (name == "GOOGLE_APPLICATION_CREDENTIALS") return path;
    return std::nullopt;
  };
  auto objects = registry.NewObjectStore("gcp", {}, env);
  EXPECT_TRUE(objects.ok()) << objects.status().ToString();
  // As the server builds it from the Config's `persistentVolumeProvider.gcp` section.
  auto config = FlattenProviderConfig(nlohmann::json{{"project", "p"}, {"zone", "us-central1-b"}},
                                      "persistentVolumeProvider.gcp");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  auto blocks = registry.NewBlockStore("gcp", *config, env);
  EXPECT_TRUE(blocks.ok()) << blocks.status().ToString();

  ProviderEnv empty;
  empty.getenv = [](std::string_view) { return std::nullopt; };
  auto no_credentials = registry.NewBlockStore("gcp", {{"project", "p"}}, empty);
  EXPECT_EQ(no_credentials.status().code(), Code::kFailedPrecondition);
}

}  // namespace
}  // namespace ark::cloud
