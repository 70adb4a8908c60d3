#include "crypto/aes_gcm.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto/keyring.h"

namespace ark::crypto {
namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

unsigned char* U(char* p) { return reinterpret_cast<unsigned char*>(p); }
const unsigned char* U(const char* p) { return reinterpret_cast<const unsigned char*>(p); }

}  // namespace

// One context keyed for encryption and one for decryption: each message only sets its nonce.
struct AesGcm::Contexts {
  CtxPtr seal;
  CtxPtr open;
};

Result<std::unique_ptr<AesGcm>> AesGcm::Create(std::string_view key) {
  if (key.size() != kKeySize) {
    return InvalidArgument("an AES-256 key is 32 bytes, not " + std::to_string(key.size()));
  }
  auto contexts = std::make_unique<Contexts>();
  contexts->seal.reset(EVP_CIPHER_CTX_new());
  contexts->open.reset(EVP_CIPHER_CTX_new());
  if (!contexts->seal || !contexts->open ||
      EVP_EncryptInit_ex(contexts->seal.get(), EVP_aes_256_gcm(), nullptr, U(key.data()),
                         nullptr) != 1 ||
      EVP_DecryptInit_ex(contexts->open.get(), EVP_aes_256_gcm(), nullptr, U(key.data()),
                         nullptr) != 1) {
    return Internal("OpenSSL could not set up AES-256-GCM");
  }
  return std::unique_ptr<AesGcm>(new AesGcm(std::move(contexts)));
}

AesGcm::AesGcm(std::unique_ptr<Contexts> contexts) : contexts_(std::move(contexts)) {}
AesGcm::~AesGcm() = default;

Status AesGcm::Seal(std::string_view nonce, std::string_view aad, std::string_view plain,
                    std::string& out) {
  EVP_CIPHER_CTX* ctx = contexts_->seal.get();
  const size_t start = out.size();
  out.resize(start + plain.size() + kTagSize);
  int len = 0;
  bool ok = nonce.size() == kNonceSize &&
            EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, U(nonce.data())) == 1 &&
            EVP_EncryptUpdate(ctx, nullptr, &len, U(aad.data()), static_cast<int>(aad.size())) == 1;
  int written = 0;
  if (ok && !plain.empty()) {
    ok = EVP_EncryptUpdate(ctx, U(out.data() + start), &len, U(plain.data()),
                           static_cast<int>(plain.size())) == 1;
    written = len;
  }
  ok = ok && EVP_EncryptFinal_ex(ctx, U(out.data() + start + written), &len) == 1 &&
       EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagSize,
                           out.data() + start + plain.size()) == 1;
  if (!ok) {
    out.resize(start);
    return Internal("OpenSSL failed to encrypt with AES-256-GCM");
  }
  return Status::Ok();
}

Status AesGcm::Open(std::string_view nonce, std::string_view aad, std::string_view sealed,
                    std::string& out) {
  if (sealed.size() < kTagSize) return DataLoss("authentication failed: shorter than its tag");
  EVP_CIPHER_CTX* ctx = contexts_->open.get();
  const size_t cipher_size = sealed.size() - kTagSize;
  const size_t start = out.size();
  out.resize(start + cipher_size);
  int len = 0;
  bool ok = nonce.size() == kNonceSize &&
            EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, U(nonce.data())) == 1 &&
            EVP_DecryptUpdate(ctx, nullptr, &len, U(aad.data()), static_cast<int>(aad.size())) == 1;
  int written = 0;
  if (ok && cipher_size > 0) {
    ok = EVP_DecryptUpdate(ctx, U(out.data() + start), &len, U(sealed.data()),
                           static_cast<int>(cipher_size)) == 1;
    written = len;
  }
  std::string tag(sealed.substr(cipher_size));
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1 &&
       EVP_DecryptFinal_ex(ctx, U(out.data() + start + written), &len) == 1;
  if (!ok) {
    out.resize(start);
    return DataLoss("authentication failed");
  }
  return Status::Ok();
}

Result<std::string> RandomBytes(size_t size) {
  std::string out(size, '\0');
  if (RAND_bytes(U(out.data()), static_cast<int>(size)) != 1) {
    return Internal("OpenSSL could not produce random bytes");
  }
  return out;
}

}  // namespace ark::crypto
