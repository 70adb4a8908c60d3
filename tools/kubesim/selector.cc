#include "kubesim/selector.h"

#include <utility>

#include "util/ascii.h"

namespace ark::kubesim {

namespace {

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

}  // namespace

bool LabelSelector::Parse(const std::string& text, LabelSelector* out, std::string* error) {
  auto parsed = kube::LabelSelector::Parse(text);
  if (!parsed.ok()) {
    // The API server's wording, then what ark's parser found.
    *error = "unable to parse requirement: " + parsed.status().message();
    return false;
  }
  out->selector_ = *std::move(parsed);
  return true;
}

bool LabelSelector::Matches(const Labels& labels) const { return selector_.Matches(labels); }

bool FieldSelector::Parse(const std::string& text, FieldSelector* out, std::string* error) {
  out->terms_.clear();
  if (TrimAsciiSpace(text).empty()) return true;
  for (const std::string& raw : SplitTopLevel(text)) {
    std::string part = TrimAsciiSpace(raw);
    Term t;
    size_t pos;
    std::string field;
    if ((pos = part.find("!=")) != std::string::npos) {
      field = TrimAsciiSpace(part.substr(0, pos));
      t.negate = true;
      t.value = TrimAsciiSpace(part.substr(pos + 2));
    } else if ((pos = part.find("==")) != std::string::npos) {
      field = TrimAsciiSpace(part.substr(0, pos));
      t.negate = false;
      t.value = TrimAsciiSpace(part.substr(pos + 2));
    } else if ((pos = part.find('=')) != std::string::npos) {
      field = TrimAsciiSpace(part.substr(0, pos));
      t.negate = false;
      t.value = TrimAsciiSpace(part.substr(pos + 1));
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
