#include "kube/label_selector.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ark::kube {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string_view OpName(LabelSelector::Op op) {
  switch (op) {
    case LabelSelector::Op::kEquals:
      return "=";
    case LabelSelector::Op::kNotEquals:
      return "!=";
    case LabelSelector::Op::kIn:
      return "in";
    case LabelSelector::Op::kNotIn:
      return "notin";
    case LabelSelector::Op::kExists:
      return "";
    case LabelSelector::Op::kDoesNotExist:
      return "!";
    case LabelSelector::Op::kGreaterThan:
      return ">";
    case LabelSelector::Op::kLessThan:
      return "<";
  }
  return "?";
}

bool ParseInt(std::string_view s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// A hand-written scanner over the query-string grammar of k8s.io/apimachinery/pkg/labels.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<std::vector<LabelSelector::Requirement>> Run() {
    std::vector<LabelSelector::Requirement> out;
    SkipSpace();
    if (AtEnd()) return out;
    while (true) {
      ARK_ASSIGN_OR_RETURN(auto req, ParseRequirement());
      out.push_back(std::move(req));
      SkipSpace();
      if (AtEnd()) break;
      if (text_[pos_] != ',') return Error("expected \",\" or end of selector");
      ++pos_;
      SkipSpace();
      if (AtEnd()) return Error("expected a requirement after \",\"");
    }
    return out;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  void SkipSpace() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  Status Error(std::string_view what) const {
    return InvalidArgument("label selector \"" + std::string(text_) + "\": " + std::string(what) +
                           " at position " + std::to_string(pos_));
  }
  static bool IsWordChar(char c) {
    return IsAlnum(c) || c == '-' || c == '_' || c == '.' || c == '/';
  }
  std::string_view Word() {
    size_t start = pos_;
    while (!AtEnd() && IsWordChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  bool Consume(std::string_view token) {
    if (text_.substr(pos_, token.size()) == token) {
      pos_ += token.size();
      return true;
    }
    return false;
  }

  Result<std::string> Key() {
    size_t at = pos_;
    std::string_view key = Word();
    if (key.empty()) return Error("expected a label key");
    if (!IsValidLabelKey(key)) {
      pos_ = at;
      return Error("invalid label key \"" + std::string(key) + "\"");
    }
    return std::string(key);
  }

  Result<std::string> Value() {
    SkipSpace();
    size_t at = pos_;
    std::string_view value = Word();
    if (!IsValidLabelValue(value)) {
      pos_ = at;
      return Error("invalid label value \"" + std::string(value) + "\"");
    }
    return std::string(value);
  }

  Result<LabelSelector::Requirement> ParseRequirement() {
    using Op = LabelSelector::Op;
    LabelSelector::Requirement req;
    if (Consume("!")) {
      SkipSpace();
      ARK_ASSIGN_OR_RETURN(req.key, Key());
      req.op = Op::kDoesNotExist;
      return req;
    }
    ARK_ASSIGN_OR_RETURN(req.key, Key());
    SkipSpace();
    if (AtEnd() || text_[pos_] == ',') {
      req.op = Op::kExists;
      return req;
    }
    if (Consume("==") || Consume("=")) {
      req.op = Op::kEquals;
    } else if (Consume("!=")) {
      req.op = Op::kNotEquals;
    } else if (Consume(">")) {
      req.op = Op::kGreaterThan;
    } else if (Consume("<")) {
      req.op = Op::kLessThan;
    } else {
      size_t at = pos_;
      std::string_view word = Word();
      if (word == "in") {
        req.op = Op::kIn;
      } else if (word == "notin") {
        req.op = Op::kNotIn;
      } else {
        pos_ = at;
        return Error("expected an operator (=, ==, !=, in, notin, >, <)");
      }
      SkipSpace();
      if (!Consume("(")) return Error("expected \"(\"");
      SkipSpace();
      // As the API server: "a in ()" selects nothing and is refused, "a in (,b)" means "" or b.
      if (Consume(")")) {
        return Error("for 'in', 'notin' operators, values set can't be empty");
      }
      while (true) {
        ARK_ASSIGN_OR_RETURN(auto value, Value());
        req.values.push_back(std::move(value));
        SkipSpace();
        if (Consume(")")) break;
        if (!Consume(",")) return Error("expected \",\" or \")\"");
      }
      return req;
    }
    ARK_ASSIGN_OR_RETURN(auto value, Value());
    if (req.op == Op::kGreaterThan || req.op == Op::kLessThan) {
      int64_t n;
      if (!ParseInt(value, &n))
        return Error("expected an integer after " + std::string(OpName(req.op)));
    }
    req.values.push_back(std::move(value));
    return req;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

bool Holds(const LabelSelector::Requirement& req, const std::string* value) {
  using Op = LabelSelector::Op;
  auto in_values = [&] { return std::binary_search(req.values.begin(), req.values.end(), *value); };
  switch (req.op) {
    case Op::kEquals:
    case Op::kIn:
      return value != nullptr && in_values();
    case Op::kNotEquals:
    case Op::kNotIn:
      return value == nullptr || !in_values();
    case Op::kExists:
      return value != nullptr;
    case Op::kDoesNotExist:
      return value == nullptr;
    case Op::kGreaterThan:
    case Op::kLessThan: {
      int64_t have, want;
      if (value == nullptr || !ParseInt(*value, &have) || !ParseInt(req.values[0], &want)) {
        return false;
      }
      return req.op == Op::kGreaterThan ? have > want : have < want;
    }
  }
  return false;
}

}  // namespace

LabelSelector::LabelSelector(std::vector<Requirement> requirements)
    : requirements_(std::move(requirements)) {
  for (auto& r : requirements_) {
    std::sort(r.values.begin(), r.values.end());
    r.values.erase(std::unique(r.values.begin(), r.values.end()), r.values.end());
  }
  std::stable_sort(requirements_.begin(), requirements_.end(),
                   [](const Requirement& a, const Requirement& b) {
                     return a.key != b.key ? a.key < b.key : a.op < b.op;
                   });
}

Result<LabelSelector> LabelSelector::Parse(std::string_view text) {
  ARK_ASSIGN_OR_RETURN(auto reqs, Parser(text).Run());
  return LabelSelector(std::move(reqs));
}

Result<LabelSelector> LabelSelector::FromJson(const nlohmann::json& selector) {
  if (selector.is_null()) return LabelSelector();
  if (!selector.is_object()) return InvalidArgument("label selector: expected an object");
  std::vector<Requirement> reqs;
  if (auto it = selector.find("matchLabels"); it != selector.end() && !it->is_null()) {
    if (!it->is_object()) return InvalidArgument("label selector: matchLabels: expected an object");
    for (const auto& [key, value] : it->items()) {
      if (!IsValidLabelKey(key)) {
        return InvalidArgument("label selector: matchLabels: invalid label key \"" + key + "\"");
      }
      if (!value.is_string() || !IsValidLabelValue(value.get<std::string>())) {
        return InvalidArgument("label selector: matchLabels." + key + ": invalid label value");
      }
      reqs.push_back({key, Op::kEquals, {value.get<std::string>()}});
    }
  }
  if (auto it = selector.find("matchExpressions"); it != selector.end() && !it->is_null()) {
    if (!it->is_array())
      return InvalidArgument("label selector: matchExpressions: expected a list");
    for (size_t i = 0; i < it->size(); ++i) {
      const auto& e = (*it)[i];
      std::string where = "label selector: matchExpressions[" + std::to_string(i) + "]";
      if (!e.is_object()) return InvalidArgument(where + ": expected an object");
      Requirement req;
      req.key = e.value("key", "");
      if (!IsValidLabelKey(req.key)) {
        return InvalidArgument(where + ".key: invalid label key \"" + req.key + "\"");
      }
      std::string op = e.value("operator", "");
      if (op == "In")
        req.op = Op::kIn;
      else if (op == "NotIn")
        req.op = Op::kNotIn;
      else if (op == "Exists")
        req.op = Op::kExists;
      else if (op == "DoesNotExist")
        req.op = Op::kDoesNotExist;
      else
        return InvalidArgument(where + ".operator: \"" + op +
                               "\" is not In, NotIn, Exists or DoesNotExist");
      if (auto v = e.find("values"); v != e.end() && !v->is_null()) {
        if (!v->is_array()) return InvalidArgument(where + ".values: expected a list");
        for (const auto& value : *v) {
          if (!value.is_string() || !IsValidLabelValue(value.get<std::string>())) {
            return InvalidArgument(where + ".values: invalid label value");
          }
          req.values.push_back(value.get<std::string>());
        }
      }
      const bool set_op = req.op == Op::kIn || req.op == Op::kNotIn;
      if (set_op && req.values.empty()) {
        return InvalidArgument(where + ".values: must be non-empty for " + op);
      }
      if (!set_op && !req.values.empty()) {
        return InvalidArgument(where + ".values: must be empty for " + op);
      }
      reqs.push_back(std::move(req));
    }
  }
  return LabelSelector(std::move(reqs));
}

bool LabelSelector::Matches(const std::map<std::string, std::string>& labels) const {
  for (const auto& req : requirements_) {
    auto it = labels.find(req.key);
    if (!Holds(req, it == labels.end() ? nullptr : &it->second)) return false;
  }
  return true;
}

bool LabelSelector::Matches(const nlohmann::json& labels) const {
  for (const auto& req : requirements_) {
    const std::string* value = nullptr;
    if (labels.is_object()) {
      auto it = labels.find(req.key);
      if (it != labels.end() && it->is_string()) value = it->get_ptr<const std::string*>();
    }
    if (!Holds(req, value)) return false;
  }
  return true;
}

std::string LabelSelector::ToString() const {
  std::string out;
  for (const auto& req : requirements_) {
    if (!out.empty()) out += ',';
    switch (req.op) {
      case Op::kExists:
        out += req.key;
        break;
      case Op::kDoesNotExist:
        out += "!" + req.key;
        break;
      case Op::kIn:
      case Op::kNotIn: {
        out += req.key + " " + std::string(OpName(req.op)) + " (";
        for (size_t i = 0; i < req.values.size(); ++i) {
          if (i) out += ',';
          out += req.values[i];
        }
        out += ')';
        break;
      }
      default:
        out += req.key + std::string(OpName(req.op)) + req.values[0];
    }
  }
  return out;
}

Result<nlohmann::json> LabelSelector::ToJson() const {
  nlohmann::json match_labels = nlohmann::json::object();
  nlohmann::json expressions = nlohmann::json::array();
  for (const auto& req : requirements_) {
    auto expression = [&](std::string_view op) {
      nlohmann::json e = {{"key", req.key}, {"operator", op}};
      if (!req.values.empty()) e["values"] = req.values;
      expressions.push_back(std::move(e));
    };
    switch (req.op) {
      case Op::kEquals:
        if (!match_labels.contains(req.key)) {
          match_labels[req.key] = req.values[0];
        } else {
          expression("In");
        }
        break;
      case Op::kIn:
        expression("In");
        break;
      case Op::kNotEquals:
      case Op::kNotIn:
        expression("NotIn");
        break;
      case Op::kExists:
        expression("Exists");
        break;
      case Op::kDoesNotExist:
        expression("DoesNotExist");
        break;
      case Op::kGreaterThan:
      case Op::kLessThan:
        return InvalidArgument("label selector \"" + ToString() + "\": \"" + req.key +
                               std::string(OpName(req.op)) + "\" has no metav1.LabelSelector form");
    }
  }
  nlohmann::json out = nlohmann::json::object();
  if (!match_labels.empty()) out["matchLabels"] = std::move(match_labels);
  if (!expressions.empty()) out["matchExpressions"] = std::move(expressions);
  return out;
}

}  // namespace ark::kube
