#include "kubesim/service_addresses.h"

#include <nlohmann/json.hpp>

namespace ark::kubesim {
namespace {

constexpr uint32_t kIpBase = (10u << 24) | (96u << 16);
constexpr uint32_t kIpCount = 1u << 20;  // a /12
constexpr uint32_t kFirstDynamicIp = 10;

template <typename K>
void Add(std::map<K, int>& into, const std::map<K, int>& from, int sign) {
  for (const auto& [k, n] : from) {
    int& count = into[k];
    count += sign * n;
    if (count <= 0) into.erase(k);
  }
}

}  // namespace

std::optional<uint32_t> ParseIpv4(const std::string& text) {
  uint32_t ip = 0;
  size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= text.size() || text[pos] != '.') return std::nullopt;
      ++pos;
    }
    size_t digits = 0;
    uint32_t value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 4) {
      value = value * 10 + static_cast<uint32_t>(text[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255) return std::nullopt;
    ip = (ip << 8) | value;
  }
  if (pos != text.size()) return std::nullopt;
  return ip;
}

bool InServiceIpRange(uint32_t ip) { return ip > kIpBase && ip < kIpBase + kIpCount - 1; }

std::string ServiceIpFromIndex(uint32_t index) {
  uint32_t ip = kIpBase;
  ip += index;
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

ServiceAddresses::Addresses ServiceAddresses::Of(const std::string& text) {
  Addresses a;
  nlohmann::json svc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!svc.is_object()) return a;
  const nlohmann::json spec = svc.value("spec", nlohmann::json::object());
  if (!spec.is_object()) return a;
  if (auto it = spec.find("clusterIPs"); it != spec.end() && it->is_array()) {
    for (const auto& ip : *it) {
      if (ip.is_string()) a.ips[ip.get<std::string>()] = 1;
    }
  }
  if (auto it = spec.find("clusterIP"); it != spec.end() && it->is_string()) {
    a.ips[it->get<std::string>()] = 1;
  }
  a.ips.erase("None");
  a.ips.erase("");
  if (auto it = spec.find("ports"); it != spec.end() && it->is_array()) {
    for (const auto& p : *it) {
      if (!p.is_object()) continue;
      auto port = p.find("nodePort");
      if (port != p.end() && port->is_number_integer()) a.ports[port->get<int64_t>()] = 1;
    }
  }
  return a;
}

void ServiceAddresses::Change(const std::string* before, const std::string* after) {
  const Addresses removed = before ? Of(*before) : Addresses();
  const Addresses added = after ? Of(*after) : Addresses();
  std::lock_guard<std::mutex> lock(mu_);
  Add(ips_, removed.ips, -1);
  Add(ports_, removed.ports, -1);
  Add(ips_, added.ips, +1);
  Add(ports_, added.ports, +1);
}

bool ServiceAddresses::IpInUse(const std::string& ip) const {
  std::lock_guard<std::mutex> lock(mu_);
  return ips_.count(ip) != 0;
}

bool ServiceAddresses::PortInUse(int64_t port) const {
  std::lock_guard<std::mutex> lock(mu_);
  return ports_.count(port) != 0;
}

std::string ServiceAddresses::FreeIp() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (uint32_t tried = 0; tried < kIpCount - kFirstDynamicIp; ++tried) {
    const uint32_t index = next_ip_;
    next_ip_ = next_ip_ + 1 < kIpCount - 1 ? next_ip_ + 1 : kFirstDynamicIp;
    std::string ip = ServiceIpFromIndex(index);
    if (ips_.count(ip) == 0) return ip;
  }
  return "";
}

int64_t ServiceAddresses::FreePort(const std::map<int64_t, int>& taken_too) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (int64_t port = kFirstNodePort; port <= kLastNodePort; ++port) {
    if (ports_.count(port) == 0 && taken_too.count(port) == 0) return port;
  }
  return 0;
}

}  // namespace ark::kubesim
