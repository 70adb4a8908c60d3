#pragma once

// Helpers for the gcp tests: a test RSA key generated with OpenSSL, a service-account key
// file built from it, and an in-process cpp-httplib server on 127.0.0.1 that the stub Google
// endpoints (OAuth2 token, GCS JSON API, Compute API) are written on. No emulator for these
// APIs runs here, so the stubs follow the public API references.

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace ark::testing {

class TestRsaKey {
 public:
  TestRsaKey() : key_(EVP_RSA_gen(2048), EVP_PKEY_free) {}

  std::string PrivatePem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
  }

  // Whether `sig` is an RSA-SHA256 (PKCS#1 v1.5) signature of `data` by this key.
  bool Verify(const std::string& data, const std::string& sig) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1)
      return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()),
                            sig.size(), reinterpret_cast<const unsigned char*>(data.data()),
                            data.size()) == 1;
  }

 private:
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
};

inline std::string Base64UrlDecode(std::string s) {
  for (char& c : s) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (s.size() % 4) s += '=';
  std::string out(s.size(), '\0');
  int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  if (n < 0) return "";
  size_t pad = 0;
  while (pad < 2 && s.size() > pad && s[s.size() - 1 - pad] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

inline std::string HexDecode(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

inline nlohmann::json ServiceAccountJson(const TestRsaKey& key, const std::string& token_uri) {
  return {{"type", "service_account"},
          {"project_id", "test-project"},
          {"private_key_id", "kid-1"},
          {"private_key", key.PrivatePem()},
          {"client_email", "ark@test-project.iam.gserviceaccount.com"},
          {"token_uri", token_uri}};
}

// The service account's key the stubs of a test trust, one per test binary: making a 2048-bit
// RSA key takes a noticeable part of a test's time. A test that needs a key the stubs do not
// know makes its own TestRsaKey.
inline const TestRsaKey& TestKey() {
  static const TestRsaKey* key = new TestRsaKey();
  return *key;
}

// Runs an httplib::Server on 127.0.0.1 and a free port until destroyed.
class StubServer {
 public:
  httplib::Server& server() { return server_; }

  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~StubServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// Google's JSON error body.
inline std::string GoogleError(int code, const std::string& reason, const std::string& message) {
  return nlohmann::json{{"error",
                         {{"code", code},
                          {"message", message},
                          {"errors", {{{"reason", reason}, {"message", message}}}}}}}
      .dump();
}

}  // namespace ark::testing
