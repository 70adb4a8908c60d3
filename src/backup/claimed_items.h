#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_set>

namespace ark::backup {

// The items a backup has taken, so that one named twice (listed, and added by a pod's or a
// claim's action) is written once. Thread-safe: every worker claims every item it writes,
// so the set is split into shards with a lock each.
//
// An item is kept as a 128-bit digest of (group-resource, namespace, name): 100k items cost
// a few MB. Two different keys colliding (probability ~n^2 / 2^129) would drop the second.
class ClaimedItems {
 public:
  // True when the item was not taken yet; it is then.
  bool Claim(std::string_view group_resource, std::string_view ns, std::string_view name);
  bool Contains(std::string_view group_resource, std::string_view ns, std::string_view name) const;

 private:
  struct Digest {
    uint64_t a, b;
    bool operator==(const Digest&) const = default;
  };
  struct DigestHash {
    size_t operator()(const Digest& d) const { return d.a ^ (d.b * 0x9e3779b97f4a7c15ull); }
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_set<Digest, DigestHash> digests;  // guarded by mu
  };

  static Digest DigestOf(std::string_view group_resource, std::string_view ns,
                         std::string_view name);
  Shard& ShardOf(const Digest& d) const { return shards_[d.b % shards_.size()]; }

  mutable std::array<Shard, 16> shards_;
};

}  // namespace ark::backup
