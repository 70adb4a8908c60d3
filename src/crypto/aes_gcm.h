#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ark::crypto {

inline constexpr size_t kNonceSize = 12;
inline constexpr size_t kTagSize = 16;

// AES-256-GCM under one key (OpenSSL EVP), for many messages each with its own nonce. One
// cipher context is reused across messages, so a stream of chunks costs no allocations.
// Not thread-safe.
class AesGcm {
 public:
  // InvalidArgument when `key` is not 32 bytes; Internal when OpenSSL refuses.
  static Result<std::unique_ptr<AesGcm>> Create(std::string_view key);
  ~AesGcm();
  AesGcm(const AesGcm&) = delete;
  AesGcm& operator=(const AesGcm&) = delete;

  // Appends the ciphertext of `plain` (same length) and then the 16-byte tag to `out`.
  Status Seal(std::string_view nonce, std::string_view aad, std::string_view plain,
              std::string& out);
  // Checks the tag (the last 16 bytes of `sealed`) and appends the plaintext to `out`.
  // DataLoss "authentication failed" when the tag does not match; `out` is then unchanged.
  Status Open(std::string_view nonce, std::string_view aad, std::string_view sealed,
              std::string& out);

 private:
  struct Contexts;
  explicit AesGcm(std::unique_ptr<Contexts> contexts);
  std::unique_ptr<Contexts> contexts_;
};

// `size` bytes from OpenSSL's CSPRNG.
Result<std::string> RandomBytes(size_t size);

}  // namespace ark::crypto
