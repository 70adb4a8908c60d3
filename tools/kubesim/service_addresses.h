#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace ark::kubesim {

// The cluster IPs and node ports held by stored Services, kept current from every change the
// store makes to them (Store::Observe), as a real API server's allocators are. Allocating an
// address for a new Service is then a lookup, not a parse of every stored Service.
// Thread-safe.
class ServiceAddresses {
 public:
  // A Service's stored text before and after a change (null: it did not / no longer exists).
  void Change(const std::string* before, const std::string* after);

  bool IpInUse(const std::string& ip) const;
  bool PortInUse(int64_t port) const;
  // A free cluster IP in 10.96.0.0/12 above the reserved ones, "" when none is left.
  std::string FreeIp() const;
  // A free node port in 30000-32767 other than `taken_too`, 0 when none is left.
  int64_t FreePort(const std::map<int64_t, int>& taken_too) const;

 private:
  struct Addresses {
    std::map<std::string, int> ips;
    std::map<int64_t, int> ports;
  };
  static Addresses Of(const std::string& text);

  mutable std::mutex mu_;
  std::map<std::string, int> ips_;  // guarded by mu_: address -> Services holding it
  std::map<int64_t, int> ports_;    // guarded by mu_
  mutable uint32_t next_ip_ = 10;   // guarded by mu_: where the search for a free IP starts
};

// 10.96.0.0/12 address number `index` (1: 10.96.0.1, the "kubernetes" Service).
std::string ServiceIpFromIndex(uint32_t index);

// The range Services take their cluster IPs from, as the real server names it in errors.
inline constexpr const char* kServiceIpRange = "10.96.0.0/12";
inline constexpr int64_t kFirstNodePort = 30000;
inline constexpr int64_t kLastNodePort = 32767;

// A dotted-quad IPv4 address as a number; nullopt when `text` is not one.
std::optional<uint32_t> ParseIpv4(const std::string& text);
// True when `ip` can be a Service's cluster IP: inside 10.96.0.0/12, neither its network
// (10.96.0.0) nor its broadcast address (10.111.255.255).
bool InServiceIpRange(uint32_t ip);

}  // namespace ark::kubesim
