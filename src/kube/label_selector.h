#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kube/names.h"  // IsValidLabelKey, IsValidLabelValue
#include "util/result.h"

namespace ark::kube {

// A Kubernetes label selector, as `kubectl -l` and the API's labelSelector query parameter
// write it, and as metav1.LabelSelector (matchLabels + matchExpressions) holds it.
//
//   "app=nginx,tier!=db,env in (prod,stage),track notin (canary),release,!legacy,replicas>2"
//
// Requirements are ANDed. An empty selector matches everything. Immutable once built;
// safe to share between threads.
class LabelSelector {
 public:
  enum class Op {
    kEquals,
    kNotEquals,
    kIn,
    kNotIn,
    kExists,
    kDoesNotExist,
    kGreaterThan,
    kLessThan
  };

  struct Requirement {
    std::string key;
    Op op;
    std::vector<std::string>
        values;  // sorted, deduplicated; one for =, !=, >, <; none for (!)exists
    bool operator==(const Requirement&) const = default;
  };

  LabelSelector() = default;  // matches everything

  // Parses the query-string form. Errors (kInvalidArgument) quote the input and say where
  // and what is wrong: `label selector "a in (b": expected ")" at position 7`.
  static Result<LabelSelector> Parse(std::string_view text);
  // Converts a metav1.LabelSelector given as JSON. A null or empty object matches everything
  // (Ark's convention for an absent backup.spec.labelSelector).
  static Result<LabelSelector> FromJson(const nlohmann::json& selector);

  // True when every requirement holds for `labels`.
  bool Matches(const std::map<std::string, std::string>& labels) const;
  // Same for a JSON object of labels (an object's metadata.labels; null = no labels).
  bool Matches(const nlohmann::json& labels) const;

  // The canonical query-string form: requirements sorted by key, values sorted, "=" for
  // equality. Parse(ToString()) gives an equal selector. "" when empty.
  std::string ToString() const;
  // The metav1.LabelSelector form: equality goes to matchLabels, the rest to
  // matchExpressions (!= becomes NotIn). > and < have no such form: kInvalidArgument.
  Result<nlohmann::json> ToJson() const;

  bool empty() const { return requirements_.empty(); }
  const std::vector<Requirement>& requirements() const { return requirements_; }
  bool operator==(const LabelSelector&) const = default;

 private:
  explicit LabelSelector(std::vector<Requirement> requirements);
  std::vector<Requirement> requirements_;  // sorted by key, then operator
};

}  // namespace ark::kube
