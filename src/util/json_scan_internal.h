#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// The lexical pieces of json_scan, shared with json_canonical; the hot ones inline, since
// every byte of a backup passes through them. Positions are offsets into `t`; npos means
// malformed.
namespace ark::json_scan::internal {

inline constexpr size_t kNpos = std::string_view::npos;

inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

inline size_t SkipSpace(std::string_view t, size_t p) {
  while (p < t.size() && IsSpace(t[p])) ++p;
  return p;
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline bool Hex4(std::string_view t, size_t p, uint32_t* value) {
  if (p + 4 > t.size()) return false;
  uint32_t v = 0;
  for (size_t i = p; i < p + 4; ++i) {
    int h = HexValue(t[i]);
    if (h < 0) return false;
    v = v << 4 | static_cast<uint32_t>(h);
  }
  *value = v;
  return true;
}

// The offset of the first byte at or after `p` that a string scan must stop at ('"', '\\'
// or a control character), or a position at most 15 bytes before the end from which the
// caller continues byte by byte. Plain text goes 16 bytes per step (SSE2, on every x86-64),
// else 8 (word at a time).
inline size_t SkipPlainStringBytes(std::string_view t, size_t p) {
  const size_t n = t.size();
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i below_space = _mm_set1_epi8(0x1f);
  while (p + 16 <= n) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + p));
    const __m128i special =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                     _mm_cmpeq_epi8(_mm_max_epu8(x, below_space), below_space));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return p + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    p += 16;
  }
#else
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  while (p + 8 <= n) {
    uint64_t x;
    std::memcpy(&x, t.data() + p, 8);
    const uint64_t below_space = (x - kOnes * 0x20) & ~x & kHighs;
    if ((has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\')) | below_space) != 0) break;
    p += 8;
  }
#endif
  return p;
}

// Past the string whose opening quote is t[p].
inline size_t StringEnd(std::string_view t, size_t p) {
  const size_t n = t.size();
  ++p;
  while (p < n) {
    p = SkipPlainStringBytes(t, p);
    if (p >= n) break;
    const unsigned char c = static_cast<unsigned char>(t[p]);
    if (c == '"') return p + 1;
    if (c == '\\') {
      if (p + 1 >= n) return kNpos;
      const char e = t[p + 1];
      if (e == 'u') {
        uint32_t ignored;
        if (!Hex4(t, p + 2, &ignored)) return kNpos;
        p += 6;
        continue;
      }
      if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
          e != 't') {
        return kNpos;
      }
      p += 2;
      continue;
    }
    if (c < 0x20) return kNpos;
    ++p;
  }
  return kNpos;
}

// Past the scalar (string, number, true/false/null) starting at t[p].
size_t ScalarEnd(std::string_view t, size_t p);
// Decodes the escaped text between a string's quotes into UTF-8.
bool DecodeInner(std::string_view s, std::string* out);

}  // namespace ark::json_scan::internal
