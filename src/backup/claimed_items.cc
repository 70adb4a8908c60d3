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
  return {a, b};
}

bool ClaimedItems::Claim(std::string_view group_resource, std::string_view ns,
                         std::string_view name) {
  const Digest d = DigestOf(group_resource, ns, name);
  Shard& shard = ShardOf(d);
  std::lock_guard<std::mutex> lock(shard.mu);
  return shard.digests.insert(d).second;
}

bool ClaimedItems::Contains(std::string_view group_resource, std::string_view ns,
                            std::string_view name) const {
  const Digest d = DigestOf(group_resource, ns, name);
  const Shard& shard = ShardOf(d);
  std::lock_guard<std::mutex> lock(shard.mu);
  return shard.digests.count(d) != 0;
}

}  // namespace ark::backup
