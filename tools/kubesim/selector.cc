#include "kubesim/selector.h"

#include <cctype>
#include <cstdlib>

namespace ark::kubesim {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Splits on commas outside parentheses.
std::vector<std::string> SplitTopLevel(const std::string& s) {
  std::vector<std::string> parts;
  int depth = 0;
  std::string cur;
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

bool ValidKey(const std::string& k) {
  if (k.empty() || k.size() > 316) return false;
  for (char c : k) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == '/')) {
      return false;
    }
  }
  return true;
}

bool ValidValue(const std::string& v) {
  if (v.size() > 63) return false;
  for (char c : v) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

// Finds a word operator (" in ", " notin ") after the key; returns its position or npos.
size_t FindWordOp(const std::string& s, const std::string& word) {
  size_t pos = s.find(" " + word);
  while (pos != std::string::npos) {
    size_t after = pos + 1 + word.size();
    while (after < s.size() && s[after] == ' ') ++after;
    if (after < s.size() && s[after] == '(') return pos;
    pos = s.find(" " + word, pos + 1);
  }
  return std::string::npos;
}

}  // namespace

bool LabelSelector::Parse(const std::string& text, LabelSelector* out, std::string* error) {
  out->reqs_.clear();
  if (Trim(text).empty()) return true;
  for (const std::string& raw : SplitTopLevel(text)) {
    std::string part = Trim(raw);
    Requirement r;
    auto fail = [&](const std::string& why) {
      *error = "unable to parse requirement: " + why;
      return false;
    };
    if (part.empty()) return fail("found '', expected: identifier");
    size_t pos;
    if ((pos = FindWordOp(part, "notin")) != std::string::npos ||
        (pos = FindWordOp(part, "in")) != std::string::npos) {
      bool notin = part.compare(pos + 1, 5, "notin") == 0;
      r.key = Trim(part.substr(0, pos));
      r.op = notin ? Op::kNotIn : Op::kIn;
      size_t open = part.find('(', pos);
      size_t close = part.rfind(')');
      if (close == std::string::npos || close < open || Trim(part.substr(close + 1)) != "") {
        return fail("found '" + part + "', expected: ')'");
      }
      std::string inner = part.substr(open + 1, close - open - 1);
      size_t start = 0;
      while (true) {
        size_t comma = inner.find(',', start);
        std::string v = Trim(inner.substr(start, comma == std::string::npos ? std::string::npos
                                                                            : comma - start));
        if (!ValidValue(v)) return fail("invalid label value: \"" + v + "\"");
        r.values.push_back(v);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if ((pos = part.find("!=")) != std::string::npos) {
      r.key = Trim(part.substr(0, pos));
      r.op = Op::kNotEquals;
      r.values = {Trim(part.substr(pos + 2))};
    } else if ((pos = part.find("==")) != std::string::npos) {
      r.key = Trim(part.substr(0, pos));
      r.op = Op::kEquals;
      r.values = {Trim(part.substr(pos + 2))};
    } else if ((pos = part.find('=')) != std::string::npos) {
      r.key = Trim(part.substr(0, pos));
      r.op = Op::kEquals;
      r.values = {Trim(part.substr(pos + 1))};
    } else if ((pos = part.find_first_of("<>")) != std::string::npos) {
      r.key = Trim(part.substr(0, pos));
      r.op = part[pos] == '>' ? Op::kGreater : Op::kLess;
      std::string v = Trim(part.substr(pos + 1));
      char* end = nullptr;
      std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0') return fail("for 'Gt', 'Lt' operators, the value must be an integer");
      r.values = {v};
    } else if (part[0] == '!') {
      r.key = Trim(part.substr(1));
      r.op = Op::kDoesNotExist;
    } else {
      r.key = part;
      r.op = Op::kExists;
    }
    if (!ValidKey(r.key)) return fail("invalid label key \"" + r.key + "\"");
    if ((r.op == Op::kEquals || r.op == Op::kNotEquals) && !ValidValue(r.values[0])) {
      return fail("invalid label value: \"" + r.values[0] + "\"");
    }
    out->reqs_.push_back(std::move(r));
  }
  return true;
}

bool LabelSelector::Matches(const Labels& labels) const {
  for (const Requirement& r : reqs_) {
    auto it = labels.find(r.key);
    bool has = it != labels.end();
    switch (r.op) {
      case Op::kEquals:
        if (!has || it->second != r.values[0]) return false;
        break;
      case Op::kNotEquals:
        if (has && it->second == r.values[0]) return false;
        break;
      case Op::kIn: {
        if (!has) return false;
        bool found = false;
        for (const auto& v : r.values) found |= (v == it->second);
        if (!found) return false;
        break;
      }
      case Op::kNotIn:
        if (has) {
          for (const auto& v : r.values) {
            if (v == it->second) return false;
          }
        }
        break;
      case Op::kExists:
        if (!has) return false;
        break;
      case Op::kDoesNotExist:
        if (has) return false;
        break;
      case Op::kGreater:
      case Op::kLess: {
        if (!has) return false;
        char* end = nullptr;
        long long v = std::strtoll(it->second.c_str(), &end, 10);
        if (it->second.empty() || *end != '\0') return false;
        long long want = std::strtoll(r.values[0].c_str(), nullptr, 10);
        if (r.op == Op::kGreater ? !(v > want) : !(v < want)) return false;
        break;
      }
    }
  }
  return true;
}

bool FieldSelector::Parse(const std::string& text, FieldSelector* out, std::string* error) {
  out->terms_.clear();
  if (Trim(text).empty()) return true;
  for (const std::string& raw : SplitTopLevel(text)) {
    std::string part = Trim(raw);
    Term t;
    size_t pos;
    std::string field;
    if ((pos = part.find("!=")) != std::string::npos) {
      field = Trim(part.substr(0, pos));
      t.negate = true;
      t.value = Trim(part.substr(pos + 2));
    } else if ((pos = part.find("==")) != std::string::npos) {
      field = Trim(part.substr(0, pos));
      t.negate = false;
      t.value = Trim(part.substr(pos + 2));
    } else if ((pos = part.find('=')) != std::string::npos) {
      field = Trim(part.substr(0, pos));
      t.negate = false;
      t.value = Trim(part.substr(pos + 1));
    } else {
      *error = "invalid selector: '" + text + "'; can't understand '" + part + "'";
      return false;
    }
    if (field == "metadata.name") {
      t.is_name = true;
    } else if (field == "metadata.namespace") {
      t.is_name = false;
    } else {
      *error = "field label not supported: " + field;
      return false;
    }
    out->terms_.push_back(t);
  }
  return true;
}

bool FieldSelector::Matches(const std::string& ns, const std::string& name) const {
  for (const Term& t : terms_) {
    const std::string& v = t.is_name ? name : ns;
    if ((v == t.value) == t.negate) return false;
  }
  return true;
}

std::string FieldSelector::ExactName() const {
  for (const Term& t : terms_) {
    if (t.is_name && !t.negate) return t.value;
  }
  return "";
}

}  // namespace ark::kubesim
