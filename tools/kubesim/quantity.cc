#include "kubesim/quantity.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

namespace ark::kubesim {

std::optional<double> ParseQuantity(const std::string& text) {
  static const std::map<std::string, double> kSuffixes = {{"", 1},
                                                          {"m", 1e-3},
                                                          {"k", 1e3},
                                                          {"M", 1e6},
                                                          {"G", 1e9},
                                                          {"T", 1e12},
                                                          {"P", 1e15},
                                                          {"E", 1e18},
                                                          {"Ki", 1024.0},
                                                          {"Mi", std::pow(1024.0, 2)},
                                                          {"Gi", std::pow(1024.0, 3)},
                                                          {"Ti", std::pow(1024.0, 4)},
                                                          {"Pi", std::pow(1024.0, 5)},
                                                          {"Ei", std::pow(1024.0, 6)}};
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t digits = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    ++i;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  const double number = std::strtod(text.substr(0, i).c_str(), nullptr);
  std::string suffix = text.substr(i);
  if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    char* end = nullptr;
    const long exponent = std::strtol(suffix.c_str() + 1, &end, 10);
    if (end == suffix.c_str() + 1 || *end != '\0') return std::nullopt;
    return number * std::pow(10.0, static_cast<double>(exponent));
  }
  auto it = kSuffixes.find(suffix);
  if (it == kSuffixes.end()) return std::nullopt;
  return number * it->second;
}

}  // namespace ark::kubesim
