#include "support/e2e/verify_scenario.h"

#include <gtest/gtest.h>

namespace ark::testing {

void RunVerifyScenario(ArkEnv& env, const nlohmann::json& pv, const ProviderHands& hands) {
  auto created = env.Kubectl({"create", "-f", "-"}, pv.dump());
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto backup = env.Ark({"backup", "create", "vb", "--selector", "app=verify", "--wait"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env.server().Stdout();
  nlohmann::json status = env.Get("backups.ark.heptio.com", "vb", "heptio-ark")["status"];
  const std::string snapshot = status["volumeBackups"]["pv-verify"].value("snapshotID", "");
  ASSERT_FALSE(snapshot.empty()) << status.dump();

  auto clean = env.Ark({"backup", "verify", "vb"});
  ASSERT_EQ(clean.exit_code, 0) << clean.out << clean.err << env.server().Stdout();
  EXPECT_NE(clean.out.find("verification Passed"), std::string::npos) << clean.out;
  EXPECT_NE(clean.out.find("Snapshots checked:  1\n"), std::string::npos) << clean.out;

  // One flipped byte in the stored tarball.
  const std::string key = "vb/vb.tar.gz";
  std::optional<std::string> original = hands.get(key);
  ASSERT_TRUE(original.has_value()) << key;
  std::string flipped = *original;
  flipped[flipped.size() / 2] ^= 0x20;
  ASSERT_TRUE(hands.put(key, flipped));
  auto corrupt = env.Ark({"backup", "verify", "vb"});
  EXPECT_EQ(corrupt.exit_code, 1) << corrupt.out << corrupt.err;
  EXPECT_NE(corrupt.out.find("Problems:\n  contents"), std::string::npos) << corrupt.out;
  ASSERT_TRUE(hands.put(key, *original));
  EXPECT_EQ(env.Ark({"backup", "verify", "vb"}).exit_code, 0);

  // The snapshot deleted at the provider.
  ASSERT_TRUE(hands.delete_snapshot(snapshot)) << snapshot;
  auto gone = env.Ark({"backup", "verify", "vb"});
  EXPECT_EQ(gone.exit_code, 1) << gone.out << gone.err;
  EXPECT_NE(gone.out.find("  snapshot:" + snapshot + ":\n"), std::string::npos) << gone.out;
}

}  // namespace ark::testing
