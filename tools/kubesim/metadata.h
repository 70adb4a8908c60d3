#pragma once

#include <mutex>
#include <random>
#include <string>

#include "util/clock.h"

namespace ark::kubesim {

// Which validation a resource's metadata.name gets on the real server.
enum class NameRule {
  kSubdomain,    // RFC 1123 subdomain, at most 253 characters (most kinds)
  kLabel,        // RFC 1123 label, at most 63 characters (namespaces, services)
  kPathSegment,  // anything but "/", "%", "." and ".." (RBAC kinds)
};

// The real server's error text for an invalid name, "" when `name` is valid. Example for
// kSubdomain: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric
// characters, '-' or '.', and must start and end with an alphanumeric character (e.g.
// 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]
// ([-a-z0-9]*[a-z0-9])?)*')".
std::string ValidateName(const std::string& name, NameRule rule);

// Values the server invents for new objects: uids, generateName suffixes and timestamps.
// Thread-safe.
class MetaSource {
 public:
  explicit MetaSource(const Clock& clock);
  std::string NewUid();      // random UUID v4
  std::string NameSuffix();  // 5 characters from the real server's alphabet
  std::string Now() const;   // RFC 3339, seconds: "2024-05-01T10:00:00Z"
  Clock::TimePoint NowPoint() const { return clock_.Now(); }

 private:
  const Clock& clock_;
  std::mutex mu_;
  std::mt19937_64 rng_;  // guarded by mu_
};

// kubectl's short age: "45s", "3m20s", "5h", "2d3h", "40d".
std::string HumanAge(std::chrono::seconds age);

}  // namespace ark::kubesim
