#include "crypto/keyring.h"

namespace ark::crypto {
namespace {

std::string Join(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "no keys" : out;
}

}  // namespace

Status Keyring::Add(const std::string& id, std::string key) {
  if (id.empty() || id.size() > 253) {
    return InvalidArgument("encryption key ID \"" + id + "\" in " + source_ +
                           " must be 1 to 253 bytes long");
  }
  if (key.size() != kKeySize) {
    return InvalidArgument("encryption key \"" + id + "\" in " + source_ + " is " +
                           std::to_string(key.size()) + " bytes; a key must be " +
                           std::to_string(kKeySize) + " random bytes (256 bits)");
  }
  if (!keys_.emplace(id, std::move(key)).second) {
    return AlreadyExists("encryption key ID \"" + id + "\" appears twice in " + source_);
  }
  return Status::Ok();
}

Status Keyring::SetCurrent(const std::string& id) {
  ARK_RETURN_IF_ERROR(Find(id).status());
  current_ = id;
  return Status::Ok();
}

std::vector<std::string> Keyring::ids() const {
  std::vector<std::string> out;
  for (const auto& [id, key] : keys_) out.push_back(id);
  return out;
}

Result<std::string_view> Keyring::Find(std::string_view id) const {
  auto it = keys_.find(id);
  if (it == keys_.end()) {
    return NotFound("encryption key ID \"" + std::string(id) + "\" is not in " + source_ +
                    " (it holds: " + Join(ids()) + ")");
  }
  return std::string_view(it->second);
}

}  // namespace ark::crypto
