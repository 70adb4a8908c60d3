#include "util/json_scan.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "util/json_scan_internal.h"

namespace ark::json_scan {
namespace internal {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

size_t SkipSpace(std::string_view t, size_t p) {
  while (p < t.size() && IsSpace(t[p])) ++p;
  return p;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Hex4(std::string_view t, size_t p, uint32_t* value) {
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

}  // namespace

namespace {

// The offset of the first byte at or after `p` that a string scan must stop at ('"', '\\'
// or a control character), or a position at most 15 bytes before the end from which the
// caller continues byte by byte. Plain text goes 16 bytes per step (SSE2, on every x86-64),
// else 8 (word at a time).
size_t SkipPlainStringBytes(std::string_view t, size_t p) {
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

}  // namespace

size_t StringEnd(std::string_view t, size_t p) {
  const size_t n = t.size();
  ++p;
  while (p < n) {
    p = SkipPlainStringBytes(t, p);
    if (p >= n) break;
    const unsigned char c = static_cast<unsigned char>(t[p]);
    if (c == '"') return p + 1;
    if (c == '\\') {
      if (p + 1 >= n) return npos;
      const char e = t[p + 1];
      if (e == 'u') {
        uint32_t ignored;
        if (!Hex4(t, p + 2, &ignored)) return npos;
        p += 6;
        continue;
      }
      if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
          e != 't') {
        return npos;
      }
      p += 2;
      continue;
    }
    if (c < 0x20) return npos;
    ++p;
  }
  return npos;
}

namespace {

size_t NumberEnd(std::string_view t, size_t p) {
  const size_t n = t.size();
  if (p < n && t[p] == '-') ++p;
  if (p >= n) return npos;
  if (t[p] == '0') {
    ++p;
  } else if (t[p] >= '1' && t[p] <= '9') {
    while (p < n && IsDigit(t[p])) ++p;
  } else {
    return npos;
  }
  if (p < n && t[p] == '.') {
    ++p;
    if (p >= n || !IsDigit(t[p])) return npos;
    while (p < n && IsDigit(t[p])) ++p;
  }
  if (p < n && (t[p] == 'e' || t[p] == 'E')) {
    ++p;
    if (p < n && (t[p] == '+' || t[p] == '-')) ++p;
    if (p >= n || !IsDigit(t[p])) return npos;
    while (p < n && IsDigit(t[p])) ++p;
  }
  return p;
}

size_t LiteralEnd(std::string_view t, size_t p, std::string_view word) {
  return t.substr(p, word.size()) == word ? p + word.size() : npos;
}

}  // namespace

size_t ScalarEnd(std::string_view t, size_t p) {
  switch (t[p]) {
    case '"': return StringEnd(t, p);
    case 't': return LiteralEnd(t, p, "true");
    case 'f': return LiteralEnd(t, p, "false");
    case 'n': return LiteralEnd(t, p, "null");
    default: return NumberEnd(t, p);
  }
}

namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | cp >> 6));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | cp >> 12));
    out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | cp >> 18));
    out->push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

bool DecodeInner(std::string_view s, std::string* out) {
  out->clear();
  out->reserve(s.size());
  for (size_t p = 0; p < s.size();) {
    const char c = s[p];
    if (c != '\\') {
      if (static_cast<unsigned char>(c) < 0x20 || c == '"') return false;
      out->push_back(c);
      ++p;
      continue;
    }
    if (p + 1 >= s.size()) return false;
    const char e = s[p + 1];
    p += 2;
    switch (e) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        uint32_t cp;
        if (!Hex4(s, p, &cp)) return false;
        p += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate first
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low;
          if (p + 6 > s.size() || s[p] != '\\' || s[p + 1] != 'u' || !Hex4(s, p + 2, &low) ||
              low < 0xDC00 || low > 0xDFFF) {
            return false;
          }
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(cp, out);
        break;
      }
      default: return false;
    }
  }
  return true;
}

}  // namespace internal

using internal::DecodeInner;
using internal::ScalarEnd;
using internal::SkipSpace;
using internal::StringEnd;

size_t ValueEnd(std::string_view t, size_t p) {
  // Containers still open, innermost last: '}' or ']'.
  char open[kMaxDepth];
  int depth = 0;
  const size_t n = t.size();
  enum class Want { kValue, kKey, kAfterValue } want = Want::kValue;
  for (;;) {
    p = SkipSpace(t, p);
    if (p >= n) return npos;
    const char c = t[p];
    switch (want) {
      case Want::kValue:
        if (c == '{' || c == '[') {
          if (depth == kMaxDepth) return npos;
          open[depth++] = c == '{' ? '}' : ']';
          p = SkipSpace(t, p + 1);
          if (p < n && t[p] == open[depth - 1]) {
            --depth;
            ++p;
            want = Want::kAfterValue;
          } else {
            want = c == '{' ? Want::kKey : Want::kValue;
          }
          break;
        }
        p = ScalarEnd(t, p);
        if (p == npos) return npos;
        want = Want::kAfterValue;
        break;
      case Want::kKey:
        if (c != '"') return npos;
        p = StringEnd(t, p);
        if (p == npos) return npos;
        p = SkipSpace(t, p);
        if (p >= n || t[p] != ':') return npos;
        ++p;
        want = Want::kValue;
        break;
      case Want::kAfterValue:
        if (depth == 0) return p;
        if (c == ',') {
          ++p;
          want = open[depth - 1] == '}' ? Want::kKey : Want::kValue;
        } else if (c == open[depth - 1]) {
          --depth;
          ++p;
          if (depth == 0) return p;
        } else {
          return npos;
        }
        break;
    }
    if (want == Want::kAfterValue && depth == 0) return p;
  }
}

bool IsValue(std::string_view text) {
  size_t end = ValueEnd(text, 0);
  return end != npos && SkipSpace(text, end) == text.size();
}

bool ForEachMemberAt(std::string_view t,
                     const std::function<size_t(std::string_view key, size_t value_pos)>& on_member) {
  const size_t n = t.size();
  size_t p = SkipSpace(t, 0);
  if (p >= n || t[p] != '{') return false;
  p = SkipSpace(t, p + 1);
  if (p < n && t[p] == '}') return SkipSpace(t, p + 1) == n;
  for (;;) {
    if (p >= n || t[p] != '"') return false;
    const size_t key_end = StringEnd(t, p);
    if (key_end == npos) return false;
    std::string_view key = t.substr(p + 1, key_end - p - 2);
    p = SkipSpace(t, key_end);
    if (p >= n || t[p] != ':') return false;
    p = on_member(key, SkipSpace(t, p + 1));
    if (p == npos) return false;
    p = SkipSpace(t, p);
    if (p >= n) return false;
    if (t[p] == '}') return SkipSpace(t, p + 1) == n;
    if (t[p] != ',') return false;
    p = SkipSpace(t, p + 1);
  }
}

bool ForEachMember(std::string_view t,
                   const std::function<bool(std::string_view key, std::string_view value)>& on_member) {
  bool stopped = false;
  bool ok = ForEachMemberAt(t, [&](std::string_view key, size_t pos) -> size_t {
    const size_t end = ValueEnd(t, pos);
    if (end == npos) return npos;
    if (!on_member(key, t.substr(pos, end - pos))) {
      stopped = true;
      return npos;
    }
    return end;
  });
  return ok || stopped;
}

size_t SplitArrayAt(std::string_view t, size_t p, std::vector<std::string_view>* elements) {
  const size_t n = t.size();
  p = SkipSpace(t, p);
  if (p >= n || t[p] != '[') return npos;
  p = SkipSpace(t, p + 1);
  if (p < n && t[p] == ']') return p + 1;
  for (;;) {
    const size_t end = ValueEnd(t, p);
    if (end == npos) return npos;
    elements->push_back(t.substr(p, end - p));
    p = SkipSpace(t, end);
    if (p >= n) return npos;
    if (t[p] == ']') return p + 1;
    if (t[p] != ',') return npos;
    p = SkipSpace(t, p + 1);
  }
}

bool SplitArray(std::string_view t, std::vector<std::string_view>* elements) {
  const size_t end = SplitArrayAt(t, 0, elements);
  return end != npos && SkipSpace(t, end) == t.size();
}

bool KeyEquals(std::string_view raw_key, std::string_view key) {
  if (raw_key.find('\\') == std::string_view::npos) return raw_key == key;
  std::string decoded;
  return DecodeInner(raw_key, &decoded) && decoded == key;
}

std::string_view FindMember(std::string_view object, std::string_view key) {
  std::string_view found;
  ForEachMember(object, [&](std::string_view k, std::string_view v) {
    if (!KeyEquals(k, key)) return true;
    found = v;
    return false;
  });
  return found;
}

bool DecodeString(std::string_view quoted, std::string* out) {
  if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"') return false;
  return DecodeInner(quoted.substr(1, quoted.size() - 2), out);
}

bool DecodeKey(std::string_view raw_key, std::string* out) { return DecodeInner(raw_key, out); }

std::string StringAt(std::string_view object, std::string_view a, std::string_view b) {
  std::string_view inner = FindMember(object, a);
  if (inner.empty() || inner.front() != '{') return "";
  std::string_view value = FindMember(inner, b);
  std::string out;
  if (value.empty() || value.front() != '"' || !DecodeString(value, &out)) return "";
  return out;
}

}  // namespace ark::json_scan
