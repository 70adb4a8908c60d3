#include "backup/claimed_items.h"

#include <functional>
#include <string>

namespace ark::backup {

ClaimedItems::Digest ClaimedItems::DigestOf(std::string_view group_resource, std::string_view ns,
                                            std::string_view name) {
  // The key is assembled in a reused buffer: a backup claims every item, and building a
  // fresh string for each cost more than the hashing.
  thread_local std::string key;
  key.assign(group_resource);
  key += '\0';
  key += ns;
  key += '\0';
  key += name;
  const std::hash<std::string_view> hash;
  const uint64_t a = hash(key);
  // The second half hashes the key with a byte appended: another 64 bits of the same
  // function over a different input.
  key += '\x01';
  const uint64_t b = hash(key);
  return {a, b == 0 && a == 0 ? 1 : b};  // never the free-slot marker
}

ClaimedItems::Digest* ClaimedItems::Shard::Find(const Digest& d) {
  const size_t mask = slots.size() - 1;
  for (size_t i = d.a & mask;; i = (i + 1) & mask) {
    Digest& slot = slots[i];
    if (slot == d || slot == Digest{0, 0}) return &slot;
  }
}

void ClaimedItems::Shard::Grow() {
  std::vector<Digest> old = std::move(slots);
  slots.assign(old.empty() ? 1024 : old.size() * 2, Digest{0, 0});
  for (const Digest& d : old) {
    if (!(d == Digest{0, 0})) *Find(d) = d;
  }
}

bool ClaimedItems::Claim(std::string_view group_resource, std::string_view ns,
                         std::string_view name) {
  const Digest d = DigestOf(group_resource, ns, name);
  Shard& shard = ShardOf(d);
  std::lock_guard<std::mutex> lock(shard.mu);
  // At most half full, so a probe ends at a free slot within a few steps.
  if (2 * (shard.used + 1) > shard.slots.size()) shard.Grow();
  Digest* slot = shard.Find(d);
  if (*slot == d) return false;
  *slot = d;
  ++shard.used;
  return true;
}

bool ClaimedItems::Contains(std::string_view group_resource, std::string_view ns,
                            std::string_view name) const {
  const Digest d = DigestOf(group_resource, ns, name);
  Shard& shard = ShardOf(d);
  std::lock_guard<std::mutex> lock(shard.mu);
  return !shard.slots.empty() && *shard.Find(d) == d;
}

}  // namespace ark::backup
