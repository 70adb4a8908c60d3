#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "support/e2e/ark_env.h"

namespace ark::testing {

// How the scenario reaches around ark to the provider: the stored bytes of a key, read and
// replaced with the store's own API, and a snapshot deleted at the provider.
struct ProviderHands {
  std::function<std::optional<std::string>(const std::string& key)> get;
  std::function<bool(const std::string& key, const std::string& bytes)> put;
  std::function<bool(const std::string& snapshot_id)> delete_snapshot;
};

// `ark backup verify` on a cloud store: creates `pv` (named pv-verify, labelled app=verify,
// its disk at the provider), backs it up as "vb" with its snapshot, and checks that
//  - a clean backup verifies, one snapshot checked;
//  - one flipped byte in the stored tarball fails naming the contents, and verifies again
//    once the bytes are put back;
//  - the snapshot deleted at the provider fails naming it.
void RunVerifyScenario(ArkEnv& env, const nlohmann::json& pv, const ProviderHands& hands);

}  // namespace ark::testing
