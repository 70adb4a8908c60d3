// The "aws" provider is reachable through the registry by name.
#include <gtest/gtest.h>

#include "cloud/builtin_providers.h"
#include "cloud/provider_registry.h"

namespace ark::cloud {
namespace {

TEST(AwsRegistration, BuiltinRegistryBuildsBothStores) {
  ProviderRegistry registry;
  RegisterBuiltinProviders(registry);
  ProviderEnv env;
  env.getenv = [](std::string_view name) -> std::optional<std::string> {
    if (name == "AWS_ACCESS_KEY_ID") return "AKIDEXAMPLE";
    if (name == "AWS_SECRET_ACCESS_KEY") return "secret";
    return std::nullopt;
  };
  auto objects = registry.NewObjectStore("aws", {{"region", "us-east-1"}}, env);
  EXPECT_TRUE(objects.ok()) << objects.status().ToString();
  auto blocks = registry.NewBlockStore("aws", {{"region", "us-east-1"}}, env);
  EXPECT_TRUE(blocks.ok()) << blocks.status().ToString();

  auto no_region = registry.NewObjectStore("aws", {}, env);
  EXPECT_EQ(no_region.status().code(), Code::kInvalidArgument);
  ProviderEnv empty;
  empty.getenv = [](std::string_view name) -> std::optional<std::string> {
    if (name == "HOME") return "/nonexistent-home";
    return std::nullopt;
  };
  auto no_credentials = registry.NewBlockStore("aws", {{"region", "us-east-1"}}, empty);
  EXPECT_EQ(no_credentials.status().code(), Code::kNotFound);
  EXPECT_NE(no_credentials.status().message().find("/nonexistent-home/.aws/credentials"),
            std::string::npos)
      << no_credentials.status().ToString();
}

}  // namespace
}  // namespace ark::cloud
