#include "util/json_scan.h"

#include <cstdint>

#include "util/json_scan_internal.h"

namespace ark::json_scan {
namespace internal {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

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
    case '"':
      return StringEnd(t, p);
    case 't':
      return LiteralEnd(t, p, "true");
    case 'f':
      return LiteralEnd(t, p, "false");
    case 'n':
      return LiteralEnd(t, p, "null");
    default:
      return NumberEnd(t, p);
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
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      case '/':
        out->push_back('/');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
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
      default:
        return false;
    }
  }
  return true;
}

}  // namespace internal

using internal::DecodeInner;
using internal::ScalarEnd;
using internal::SkipSpace;
using internal::StringEnd;

namespace {

// Where scanning resumes after t[p]'s optional whitespace. In compact mode whitespace is not
// allowed: npos when there is any.
template <bool kCompact>
size_t Skip(std::string_view t, size_t p) {
  if constexpr (kCompact) {
    return p < t.size() && internal::IsSpace(t[p]) ? npos : p;
  } else {
    return SkipSpace(t, p);
  }
}

template <bool kCompact>
size_t ValueEndImpl(std::string_view t, size_t p) {
  // Containers still open, innermost last: '}' or ']'.
  char open[kMaxDepth];
  int depth = 0;
  const size_t n = t.size();
  enum class Want { kValue, kKey, kAfterValue } want = Want::kValue;
  for (;;) {
    p = Skip<kCompact>(t, p);
    if (p >= n) return npos;
    const char c = t[p];
    switch (want) {
      case Want::kValue:
        if (c == '{' || c == '[') {
          if (depth == kMaxDepth) return npos;
          open[depth++] = c == '{' ? '}' : ']';
          p = Skip<kCompact>(t, p + 1);
          if (p < n && t[p] == open[depth - 1]) {
            --depth;
            ++p;
            want = Want::kAfterValue;
          } else {
            want = c == '{' ? Want::kKey : Want::kValue;
          }
          break;
        }
        // Strings, the most common values, are scanned inline.
        p = c == '"' ? StringEnd(t, p) : ScalarEnd(t, p);
        if (p == npos) return npos;
        want = Want::kAfterValue;
        break;
      case Want::kKey:
        if (c != '"') return npos;
        p = StringEnd(t, p);
        if (p == npos) return npos;
        p = Skip<kCompact>(t, p);
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

}  // namespace

size_t ValueEnd(std::string_view t, size_t p) { return ValueEndImpl<false>(t, p); }

size_t CompactValueEnd(std::string_view t, size_t p) { return ValueEndImpl<true>(t, p); }

bool IsValue(std::string_view text) {
  size_t end = ValueEnd(text, 0);
  return end != npos && SkipSpace(text, end) == text.size();
}

bool ForEachMemberAt(
    std::string_view t,
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

bool ForEachMember(
    std::string_view t,
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

std::string StringAt(std::string_view object, std::string_view a, std::string_view b) {
  std::string_view inner = FindMember(object, a);
  if (inner.empty() || inner.front() != '{') return "";
  std::string_view value = FindMember(inner, b);
  std::string out;
  if (value.empty() || value.front() != '"' || !DecodeString(value, &out)) return "";
  return out;
}

}  // namespace ark::json_scan
