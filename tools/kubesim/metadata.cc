#include "kubesim/metadata.h"

#include <cstdio>
#include <regex>

#include "util/time_format.h"

namespace ark::kubesim {

namespace {

bool IsAlnumLower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool ValidLabel(const std::string& s) {
  if (s.empty() || s.size() > 63) return false;
  if (!IsAlnumLower(s.front()) || !IsAlnumLower(s.back())) return false;
  for (char c : s) {
    if (!IsAlnumLower(c) && c != '-') return false;
  }
  return true;
}

}  // namespace

std::string ValidateName(const std::string& name, NameRule rule) {
  switch (rule) {
    case NameRule::kLabel:
      if (name.size() > 63) return "must be no more than 63 characters";
      if (!ValidLabel(name)) {
        return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
               "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
               "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
      }
      return "";
    case NameRule::kSubdomain: {
      if (name.size() > 253) return "must be no more than 253 characters";
      bool ok = !name.empty();
      size_t start = 0;
      while (ok && start <= name.size()) {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        std::string part = name.substr(start, dot - start);
        ok = !part.empty() && IsAlnumLower(part.front()) && IsAlnumLower(part.back());
        for (char c : part) ok = ok && (IsAlnumLower(c) || c == '-');
        start = dot + 1;
      }
      if (!ok) {
        return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
               "characters, '-' or '.', and must start and end with an alphanumeric character "
               "(e.g. 'example.com', regex used for validation is "
               "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
      }
      return "";
    }
    case NameRule::kPathSegment:
      if (name == "." || name == "..") return "may not be '" + name + "'";
      if (name.find('/') != std::string::npos) return "may not contain '/'";
      if (name.find('%') != std::string::npos) return "may not contain '%'";
      return "";
  }
  return "";
}

MetaSource::MetaSource(const Clock& clock) : clock_(clock), rng_(std::random_device{}()) {}

std::string MetaSource::NewUid() {
  uint64_t a, b;
  {
    std::lock_guard lock(mu_);
    a = rng_();
    b = rng_();
  }
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 1
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::string MetaSource::NameSuffix() {
  static const char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  std::lock_guard lock(mu_);
  for (int i = 0; i < 5; ++i) out += kAlphabet[rng_() % (sizeof(kAlphabet) - 1)];
  return out;
}

std::string MetaSource::Now() const { return FormatRfc3339(clock_.Now()); }

std::string HumanAge(std::chrono::seconds age) {
  long long s = age.count();
  if (s < 0) s = 0;
  long long m = s / 60, h = s / 3600, d = s / 86400;
  if (s < 120) return std::to_string(s) + "s";
  if (m < 10)
    return s % 60 == 0 ? std::to_string(m) + "m"
                       : std::to_string(m) + "m" + std::to_string(s % 60) + "s";
  if (m < 180) return std::to_string(m) + "m";
  if (h < 8)
    return h % 60 == 0 && m % 60 == 0 ? std::to_string(h) + "h"
                                      : std::to_string(h) + "h" + std::to_string(m % 60) + "m";
  if (h < 48) return std::to_string(h) + "h";
  if (h < 24 * 8)
    return h % 24 == 0 ? std::to_string(d) + "d"
                       : std::to_string(d) + "d" + std::to_string(h % 24) + "h";
  if (d < 365 * 2) return std::to_string(d) + "d";
  return std::to_string(d / 365) + "y";
}

}  // namespace ark::kubesim
