#include "util/json_canonical.h"

#include <algorithm>
#include <deque>

#include "util/json_scan.h"
#include "util/json_scan_internal.h"

namespace ark::json_scan {
namespace {

using internal::DecodeInner;
using internal::ScalarEnd;
using internal::SkipSpace;
using internal::StringEnd;

// Whether the checked string `quoted` uses only the escapes nlohmann's dump() writes (\",
// \\, \b, \f, \n, \r, \t, and \u00xx in lower case for the other control characters), so
// it can be copied as it is. Strings holding JSON (last-applied-configuration annotations)
// are full of \" and take this path; Go's \u003c for '<' does not.
bool EscapedAsDumpWould(std::string_view quoted) {
  for (size_t p = quoted.find('\\'); p != std::string_view::npos; p = quoted.find('\\', p)) {
    const char e = quoted[p + 1];  // a checked string never ends in a lone backslash
    if (e == 'u') {
      const std::string_view hex = quoted.substr(p + 2, 4);
      if (hex[0] != '0' || hex[1] != '0' || (hex[2] != '0' && hex[2] != '1')) return false;
      const char low = hex[3];
      if (!((low >= '0' && low <= '9') || (low >= 'a' && low <= 'f'))) return false;
      const int code = (hex[2] - '0') * 16 + (low <= '9' ? low - '0' : low - 'a' + 10);
      if (code == '\b' || code == '\f' || code == '\n' || code == '\r' || code == '\t')
        return false;
      p += 6;
      continue;
    }
    if (e == '/') return false;
    p += 2;
  }
  return true;
}

// One member written to the output: its decoded key and where its `"key":value` text lies.
struct Written {
  std::string_view key;  // into the input, or into decoded_keys_ when the key had escapes
  size_t begin;
  size_t end;
};

// Writes values depth-first straight into `out`. Each object's members are written in
// document order and, when their keys turn out not to be sorted, that object's region of
// `out` is rearranged once it closes. Members of all open objects share one stack
// (`written_`), so no object allocates its own list.
class CanonicalWriter {
 public:
  CanonicalWriter(std::string_view t, std::string* out, ObjectNames* metadata_names)
      : t_(t), out_(*out), metadata_names_(metadata_names) {}

  // Past the value at t_[p], written; npos when malformed.
  // `names`, when set, receives the name and namespace members of the object at p.
  size_t Value(size_t p, int depth, const TopLevelEdit* edit, ObjectNames* names = nullptr) {
    p = SkipSpace(t_, p);
    if (p >= t_.size() || depth > kMaxDepth) return npos;
    switch (t_[p]) {
      case '{':
        return Object(p, depth, edit, names);
      case '[':
        return Array(p, depth);
      case '"':
        return String(p);
      default: {
        const size_t end = ScalarEnd(t_, p);
        if (end != npos) out_.append(t_, p, end - p);
        return end;
      }
    }
  }

 private:
  size_t String(size_t p) {
    const size_t end = StringEnd(t_, p);
    if (end == npos) return npos;
    std::string_view quoted = t_.substr(p, end - p);
    if (EscapedAsDumpWould(quoted)) {
      out_.append(quoted);
      return end;
    }
    if (!DecodeInner(quoted.substr(1, quoted.size() - 2), &scratch_)) return npos;
    AppendQuoted(scratch_, &out_);
    return end;
  }

  size_t Array(size_t p, int depth) {
    out_.push_back('[');
    p = SkipSpace(t_, p + 1);
    if (p < t_.size() && t_[p] == ']') {
      out_.push_back(']');
      return p + 1;
    }
    for (;;) {
      p = Value(p, depth + 1, nullptr);
      if (p == npos) return npos;
      p = SkipSpace(t_, p);
      if (p >= t_.size()) return npos;
      if (t_[p] == ']') {
        out_.push_back(']');
        return p + 1;
      }
      if (t_[p] != ',') return npos;
      out_.push_back(',');
      ++p;
    }
  }

  size_t Object(size_t p, int depth, const TopLevelEdit* edit, ObjectNames* names) {
    out_.push_back('{');
    const size_t base = written_.size();
    const size_t region = out_.size();
    p = SkipSpace(t_, p + 1);
    if (p < t_.size() && t_[p] == '}') {
      p += 1;
    } else {
      for (;;) {
        if (p >= t_.size() || t_[p] != '"') return npos;
        const size_t p_key = p;
        const size_t key_end = StringEnd(t_, p);
        if (key_end == npos) return npos;
        std::string_view key = t_.substr(p + 1, key_end - p - 2);
        const bool escaped = key.find('\\') != std::string_view::npos;
        if (escaped) {
          decoded_keys_.emplace_back();
          if (!DecodeInner(key, &decoded_keys_.back())) return npos;
          key = decoded_keys_.back();
        }
        p = SkipSpace(t_, key_end);
        if (p >= t_.size() || t_[p] != ':') return npos;
        ++p;
        if (edit != nullptr &&
            std::find(edit->drop.begin(), edit->drop.end(), key) != edit->drop.end()) {
          p = ValueEnd(t_, p);
          if (p == npos) return npos;
        } else {
          if (written_.size() > base) out_.push_back(',');
          const size_t begin = out_.size();
          if (escaped) {
            AppendQuoted(key, &out_);
            out_.push_back(':');
          } else {  // the checked key, quotes included, is already in canonical form
            out_.append(t_.data() + p_key, key_end - p_key).push_back(':');
          }
          const size_t value_begin = SkipSpace(t_, p);
          ObjectNames* inner = depth == 0 && key == "metadata" ? metadata_names_ : nullptr;
          p = Value(p, depth + 1, nullptr, inner);
          if (p == npos) return npos;
          if (names != nullptr && (key == "name" || key == "namespace") && t_[value_begin] == '"') {
            std::string& target = key == "name" ? names->name : names->ns;
            if (!DecodeInner(t_.substr(value_begin + 1, p - value_begin - 2), &target)) return npos;
          }
          written_.push_back({key, begin, out_.size()});
        }
        p = SkipSpace(t_, p);
        if (p >= t_.size()) return npos;
        if (t_[p] == '}') {
          ++p;
          break;
        }
        if (t_[p] != ',') return npos;
        p = SkipSpace(t_, p + 1);
      }
    }
    if (edit != nullptr) AddMissing(*edit, base);
    SortMembers(base, region);
    written_.resize(base);
    out_.push_back('}');
    return p;
  }

  void AddMissing(const TopLevelEdit& edit, size_t base) {
    for (const auto& [key, value] : edit.add_if_missing) {
      bool present = std::any_of(written_.begin() + base, written_.end(),
                                 [&](const Written& w) { return w.key == key; });
      if (present) continue;
      if (written_.size() > base) out_.push_back(',');
      const size_t begin = out_.size();
      AppendQuoted(key, &out_);
      out_.push_back(':');
      out_.append(value);
      written_.push_back({key, begin, out_.size()});
    }
  }

  // Rewrites out_[region, end) with the members written since `base` in key order (the last
  // of duplicate keys kept), unless they are already strictly ascending.
  void SortMembers(size_t base, size_t region) {
    auto first = written_.begin() + base;
    auto last = written_.end();
    bool sorted = true;
    for (auto it = first; it != last && sorted; ++it) {
      if (it != first && !((it - 1)->key < it->key)) sorted = false;
    }
    if (sorted) return;
    std::stable_sort(first, last, [](const Written& a, const Written& b) { return a.key < b.key; });
    const std::string text = out_.substr(region);
    out_.resize(region);
    for (auto it = first; it != last; ++it) {
      if (it + 1 != last && (it + 1)->key == it->key) continue;  // a later duplicate wins
      if (out_.size() > region) out_.push_back(',');
      out_.append(text, it->begin - region, it->end - it->begin);
    }
  }

  std::string_view t_;
  std::string& out_;
  ObjectNames* const metadata_names_;  // receives the top-level metadata's names
  std::vector<Written> written_;
  std::deque<std::string> decoded_keys_;  // stable storage for keys that had escapes
  std::string scratch_;
};

}  // namespace

void AppendQuoted(std::string_view decoded, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : decoded) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[(c >> 4) & 0xF]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

bool AppendCanonical(std::string_view value, std::string* out, const TopLevelEdit* edit,
                     ObjectNames* metadata_names) {
  CanonicalWriter writer(value, out, metadata_names);
  const size_t end = writer.Value(0, 0, edit);
  return end != npos && SkipSpace(value, end) == value.size();
}

}  // namespace ark::json_scan
