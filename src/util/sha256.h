#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ark {

// An incremental SHA-256 (OpenSSL), for digests of streams too large to hold: feed the bytes
// in order with Update, then read HexDigest once. Counts the bytes it was given. Not
// thread-safe; move-only.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void Update(std::string_view data);
  // Lower-case hex of the digest of everything given so far. Ends the hash: call it once.
  std::string HexDigest();
  int64_t bytes() const { return bytes_; }

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
  int64_t bytes_ = 0;
};

}  // namespace ark
