#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

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
  // An open-addressing table of digests: one probe into a flat array finds a digest, where a
  // node-based set chased a pointer or two per lookup and missed the cache each time. The
  // all-zero digest marks a free slot.
  struct Shard {
    mutable std::mutex mu;
    std::vector<Digest> slots;  // guarded by mu; the size is a power of two
    size_t used = 0;            // guarded by mu
    // The slot holding `d`, or the free slot where it belongs.
    Digest* Find(const Digest& d);
    void Grow();
  };

  static Digest DigestOf(std::string_view group_resource, std::string_view ns,
                         std::string_view name);
  Shard& ShardOf(const Digest& d) const { return shards_[d.b % shards_.size()]; }

  mutable std::array<Shard, 16> shards_;
};

}  // namespace ark::backup
