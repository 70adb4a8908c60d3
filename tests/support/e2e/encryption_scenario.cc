#include "support/e2e/encryption_scenario.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>

#include "util/base64.h"

namespace ark::testing {
namespace {

using nlohmann::json;

constexpr const char* kNamespace = "enc-app";
constexpr const char* kSecretValue = "enc-plaintext-4f8a1c9e77d2";
constexpr const char* kKeySecret = "ark-encryption";

std::string RandomKey() {
  std::random_device rd;
  std::string key(32, '\0');
  for (char& c : key) c = static_cast<char>(rd());
  return key;
}

// The gunzipped bytes of `data`, "" when it is not gzip.
std::string GunzipOrEmpty(const std::string& data) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return "";
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

class Scenario {
 public:
  Scenario(ArkEnv& env, const StoredObjects& stored) : env_(env), stored_(stored) {}

  // Writes Secret ark-encryption with `keys` (ID -> bytes), created or replaced.
  void PutKeys(const std::map<std::string, std::string>& keys) {
    json secret = {{"apiVersion", "v1"},
                   {"kind", "Secret"},
                   {"metadata", {{"name", kKeySecret}, {"namespace", "heptio-ark"}}},
                   {"type", "Opaque"},
                   {"data", json::object()}};
    for (const auto& [id, key] : keys) secret["data"][id] = Base64Encode(key);
    const bool exists =
        env_.Kubectl({"get", "secret", kKeySecret, "-n", "heptio-ark"}).exit_code == 0;
    auto put = env_.Kubectl({exists ? "replace" : "create", "-f", "-"}, secret.dump());
    ASSERT_EQ(put.exit_code, 0) << put.err;
  }

  void SetCurrentKey(const std::string& id) {
    json patch = {{"encryption", {{"keySecret", kKeySecret}, {"currentKeyID", id}}}};
    auto patched = env_.Kubectl({"patch", "configs.ark.heptio.com", "default", "-n", "heptio-ark",
                                 "--type", "merge", "-p", patch.dump()});
    ASSERT_EQ(patched.exit_code, 0) << patched.err;
  }

  size_t Starts() const { return Count(env_.server().Stdout(), "msg=\"Server started\""); }

  // Waits until the server started its controllers again, after `before` starts, sealing
  // with `key_id`.
  void WaitForServerWith(size_t before, const std::string& key_id) {
    ASSERT_TRUE(PollUntil([&] {
      const std::string log = env_.server().Stdout();
      size_t last = log.rfind("msg=\"Server started\"");
      if (Count(log, "msg=\"Server started\"") <= before || last == std::string::npos) return false;
      size_t end = log.find('\n', last);
      return log.substr(last, end - last).find("encryptionKeyID=" + key_id) != std::string::npos;
    })) << "the server did not start again with key "
        << key_id << ":\n"
        << env_.server().Stdout();
  }

  void CreateApp() {
    auto ns = env_.Kubectl({"create", "namespace", kNamespace});
    ASSERT_EQ(ns.exit_code, 0) << ns.err;
    auto secret = env_.Kubectl({"create", "secret", "generic", "app-secret", "-n", kNamespace,
                                std::string("--from-literal=password=") + kSecretValue});
    ASSERT_EQ(secret.exit_code, 0) << secret.err;
  }

  void DeleteApp() {
    auto del = env_.Kubectl({"delete", "namespace", kNamespace, "--wait=false"});
    ASSERT_EQ(del.exit_code, 0) << del.err;
    ASSERT_TRUE(PollUntil([&] {
      return env_.Kubectl({"get", "namespace", kNamespace}).exit_code != 0;
    })) << "namespace "
        << kNamespace << " was not deleted";
  }

  void Backup(const std::string& name) {
    auto backup =
        env_.Ark({"backup", "create", name, "--include-namespaces", kNamespace, "--wait"});
    ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err << env_.server().Stdout();
    ASSERT_NE(backup.out.find("Backup completed with status: Completed."), std::string::npos)
        << backup.out;
  }

  // Restores `backup`; returns the restore's name.
  std::string Restore(const std::string& backup) {
    auto restore = env_.Ark({"restore", "create", backup, "--wait"});
    const std::string marker = "Restore request \"";
    size_t at = restore.out.find(marker);
    EXPECT_NE(at, std::string::npos) << restore.out << restore.err;
    if (at == std::string::npos) return "";
    at += marker.size();
    return restore.out.substr(at, restore.out.find('"', at) - at);
  }

  std::string RestoredSecretValue() {
    json secret = env_.Get("secrets", "app-secret", kNamespace);
    if (!secret.is_object()) return "";
    return Base64Decode(secret["data"].value("password", "")).value_or("");
  }

  void ExpectSealedAtRest(const std::string& backup, const std::string& key_id) {
    std::map<std::string, std::string> objects = stored_(backup + "/");
    ASSERT_GE(objects.size(), 3u) << "expected the tarball, the log and the metadata of " << backup;
    const std::string encoded = Base64Encode(kSecretValue);
    for (const auto& [key, bytes] : objects) {
      SCOPED_TRACE(key);
      const std::string gunzipped = GunzipOrEmpty(bytes);
      for (const std::string& text : {bytes, gunzipped}) {
        EXPECT_EQ(text.find(kSecretValue), std::string::npos);
        EXPECT_EQ(text.find(encoded), std::string::npos);
      }
      if (key.ends_with("/ark-backup.json")) {
        json metadata = json::parse(bytes, nullptr, false);
        ASSERT_TRUE(metadata.is_object()) << bytes;
        EXPECT_EQ(metadata["status"]["encryption"],
                  (json{{"algorithm", "AES-256-GCM"}, {"keyID", key_id}}));
      } else {
        EXPECT_EQ(bytes.substr(0, 7), "ARKSEAL") << "stored unsealed";
        EXPECT_TRUE(gunzipped.empty()) << "stored as gzip";
      }
    }
  }

  static size_t Count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  ArkEnv& env_;
  const StoredObjects& stored_;
  TempDir dir_;
};

}  // namespace

void StartServerWithEncryption(ArkEnv& env, const std::string& key) {
  StoredObjects none = [](const std::string&) { return std::map<std::string, std::string>(); };
  Scenario s(env, none);
  ASSERT_NO_FATAL_FAILURE(s.PutKeys({{"k1", key}}));
  ASSERT_NO_FATAL_FAILURE(s.SetCurrentKey("k1"));
  env.StartServer();
  ASSERT_FALSE(::testing::Test::HasFailure()) << "ark server did not start";
  ASSERT_NO_FATAL_FAILURE(s.WaitForServerWith(0, "k1"));
}

void RunEncryptionScenario(ArkEnv& env, const StoredObjects& stored) {
  Scenario s(env, stored);
  const std::string k1 = RandomKey(), k2 = RandomKey();
  ASSERT_NO_FATAL_FAILURE(StartServerWithEncryption(env, k1));

  ASSERT_NO_FATAL_FAILURE(s.CreateApp());
  ASSERT_NO_FATAL_FAILURE(s.Backup("enc-backup"));
  ASSERT_NO_FATAL_FAILURE(s.ExpectSealedAtRest("enc-backup", "k1"));

  auto describe = env.Ark({"backup", "describe", "enc-backup"});
  EXPECT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("Encryption:  AES-256-GCM (key ID k1)"), std::string::npos)
      << describe.out;
  // Verification reads through the same store: the sealed files are checked as plaintext.
  auto verified = env.Ark({"backup", "verify", "enc-backup"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("verification Passed"), std::string::npos) << verified.out;
  auto logs = env.Ark({"backup", "logs", "enc-backup"});
  EXPECT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_NE(logs.out.find("enc-app"), std::string::npos) << logs.out;
  const std::string tarball = s.dir_.File("enc-backup.tar.gz");
  auto download = env.Ark({"backup", "download", "enc-backup", "-o", tarball});
  ASSERT_EQ(download.exit_code, 0) << download.out << download.err;
  auto listed = Run({"tar", "-tzf", tarball});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("resources/secrets/namespaces/enc-app/app-secret.json"),
            std::string::npos)
      << listed.out;

  ASSERT_NO_FATAL_FAILURE(s.DeleteApp());
  const std::string restored = s.Restore("enc-backup");
  EXPECT_EQ(env.Phase("restores", restored), "Completed") << env.server().Stdout();
  EXPECT_EQ(s.RestoredSecretValue(), kSecretValue);
  auto restore_logs = env.Ark({"restore", "logs", restored});
  EXPECT_EQ(restore_logs.exit_code, 0) << restore_logs.err;
  EXPECT_NE(restore_logs.out.find("msg=\"Restore finished\""), std::string::npos)
      << restore_logs.out;

  // Rotation: k2 joins the Secret and becomes current; k1's backup stays readable.
  size_t starts = s.Starts();
  ASSERT_NO_FATAL_FAILURE(s.PutKeys({{"k1", k1}, {"k2", k2}}));
  ASSERT_NO_FATAL_FAILURE(s.SetCurrentKey("k2"));
  ASSERT_NO_FATAL_FAILURE(s.WaitForServerWith(starts, "k2"));
  ASSERT_NO_FATAL_FAILURE(s.Backup("enc-backup-2"));
  ASSERT_NO_FATAL_FAILURE(s.ExpectSealedAtRest("enc-backup-2", "k2"));
  ASSERT_NO_FATAL_FAILURE(s.DeleteApp());
  const std::string rotated = s.Restore("enc-backup");
  EXPECT_EQ(env.Phase("restores", rotated), "Completed") << env.server().Stdout();
  EXPECT_EQ(s.RestoredSecretValue(), kSecretValue);

  // Wrong keys under the same IDs: the restore fails before creating anything.
  ASSERT_NO_FATAL_FAILURE(s.DeleteApp());
  starts = s.Starts();
  ASSERT_NO_FATAL_FAILURE(s.PutKeys({{"k1", RandomKey()}, {"k2", RandomKey()}}));
  ASSERT_NO_FATAL_FAILURE(s.WaitForServerWith(starts, "k2"));
  const std::string refused = s.Restore("enc-backup");
  ASSERT_FALSE(refused.empty());
  json restore = env.Get("restores.ark.heptio.com", refused, "heptio-ark");
  ASSERT_TRUE(restore.is_object());
  EXPECT_EQ(restore["status"].value("phase", ""), "Failed");
  EXPECT_NE(restore["status"]
                .value("failureReason", "")
                .find("decrypting contents of backup \"enc-backup\": authentication failed for its "
                      "data key (key ID \"k1\""),
            std::string::npos)
      << restore.dump();
  EXPECT_NE(env.Kubectl({"get", "namespace", kNamespace}).exit_code, 0)
      << "the failed restore created the namespace";
  EXPECT_FALSE(env.Get("secrets", "app-secret", kNamespace).is_object());
  auto refused_download =
      env.Ark({"backup", "download", "enc-backup", "-o", s.dir_.File("wrong.tar.gz")});
  EXPECT_NE(refused_download.exit_code, 0);
  EXPECT_NE(refused_download.err.find("authentication failed"), std::string::npos)
      << refused_download.err;
}

}  // namespace ark::testing
