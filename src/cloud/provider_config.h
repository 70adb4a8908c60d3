#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "cloud/provider_registry.h"
#include "util/result.h"

namespace ark::cloud {

// Flattens one provider's section of the Ark Config (`aws: {region: us-east-1,
// s3ForcePathStyle: true}`) into a ProviderConfig: strings stay as they are, booleans become
// "true"/"false", integers their decimal form, null is dropped. Nested objects and arrays are
// InvalidArgument naming `where` and the key ("backupStorageProvider.aws.tags: ...").
Result<ProviderConfig> FlattenProviderConfig(const nlohmann::json& section, std::string_view where);

// A config value, or `fallback` when the key is absent.
std::string ConfigValue(const ProviderConfig& config, const std::string& key,
                        const std::string& fallback = "");

// A boolean config value ("true"/"false", any case; "1"/"0"); `fallback` when absent.
// InvalidArgument naming the key for anything else.
Result<bool> ConfigBool(const ProviderConfig& config, const std::string& key, bool fallback);

}  // namespace ark::cloud
