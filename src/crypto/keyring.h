#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace ark::crypto {

// Key-encryption keys are 256-bit AES keys.
inline constexpr size_t kKeySize = 32;

// The key-encryption keys an operator configured, by key ID, and the one new files are
// sealed with. Built once (Add, then SetCurrent) and then read-only: share it as a
// shared_ptr<const Keyring>; reading is thread-safe. Key bytes never appear in errors.
class Keyring {
 public:
  // `source` says where the keys come from, for errors: `Secret "heptio-ark/ark-keys"`.
  explicit Keyring(std::string source) : source_(std::move(source)) {}

  // InvalidArgument when the key is not kKeySize bytes or the ID is empty or longer than
  // 253 bytes (a Secret data key's limit); AlreadyExists for a second key of one ID.
  Status Add(const std::string& id, std::string key);
  // NotFound naming the ID and the source when no key of that ID was added.
  Status SetCurrent(const std::string& id);

  bool has_current() const { return !current_.empty(); }
  const std::string& current_id() const { return current_; }
  const std::string& source() const { return source_; }
  std::vector<std::string> ids() const;

  // The key of `id`; NotFound "key ID "k9" is not in Secret "ns/name" (it holds: k1, k2)".
  Result<std::string_view> Find(std::string_view id) const;

 private:
  std::string source_;
  std::map<std::string, std::string, std::less<>> keys_;
  std::string current_;
};

}  // namespace ark::crypto
