#include "cloud/provider_config.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "util/ascii.h"

namespace ark::cloud {

Result<ProviderConfig> FlattenProviderConfig(const nlohmann::json& section,
                                             std::string_view where) {
  ProviderConfig out;
  if (section.is_null()) return out;
  if (!section.is_object()) {
    return InvalidArgument(std::string(where) + ": expected a map of settings, got " +
                           section.type_name());
  }
  for (const auto& [key, value] : section.items()) {
    switch (value.type()) {
      case nlohmann::json::value_t::null:
        break;
      case nlohmann::json::value_t::string:
        out[key] = value.get<std::string>();
        break;
      case nlohmann::json::value_t::boolean:
        out[key] = value.get<bool>() ? "true" : "false";
        break;
      case nlohmann::json::value_t::number_integer:
      case nlohmann::json::value_t::number_unsigned:
      case nlohmann::json::value_t::number_float:
        out[key] = value.dump();
        break;
      default:
        return InvalidArgument(std::string(where) + "." + key +
                               ": expected a string, number or boolean, got " + value.type_name());
    }
  }
  return out;
}

std::string ConfigValue(const ProviderConfig& config, const std::string& key,
                        const std::string& fallback) {
  auto it = config.find(key);
  return it == config.end() ? fallback : it->second;
}

Result<bool> ConfigBool(const ProviderConfig& config, const std::string& key, bool fallback) {
  auto it = config.find(key);
  if (it == config.end()) return fallback;
  const std::string v = AsciiLower(it->second);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return InvalidArgument("config key \"" + key + "\": expected true or false, got \"" + it->second +
                         "\"");
}

}  // namespace ark::cloud
