#include "util/base64.h"

#include <openssl/evp.h>

#include <cctype>

namespace ark {

std::string Base64Encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');  // + the NUL OpenSSL writes
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  // OpenSSL's block decoder wants whole 4-character groups and no inner whitespace; PEM-style
  // line breaks and a missing final padding are accepted here as they always were.
  std::string compact;
  compact.reserve(text.size() + 3);
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  }
  const size_t first_pad = compact.find('=');
  if (first_pad != std::string::npos &&
      compact.find_first_not_of('=', first_pad) != std::string::npos) {
    return std::nullopt;  // data after padding
  }
  compact.erase(first_pad == std::string::npos ? compact.size() : first_pad);
  if (compact.size() % 4 == 1) return std::nullopt;  // no whole byte in the last group
  const size_t padding = (4 - compact.size() % 4) % 4;
  compact.append(padding, '=');
  std::string out(compact.size() / 4 * 3 + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(compact.data()),
                                static_cast<int>(compact.size()));
  if (n < 0) return std::nullopt;  // a character outside the alphabet
  // The block decoder counts the padding as zero bytes.
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

std::string Base64UrlEncode(std::string_view data) {
  std::string out = Base64Encode(data);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') {
      c = '-';
    } else if (c == '/') {
      c = '_';
    }
  }
  return out;
}

}  // namespace ark
