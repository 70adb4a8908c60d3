#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "kube/label_selector.h"
#include "util/result.h"

namespace ark::api {

// A metav1.LabelSelector: {matchLabels: {k: v}, matchExpressions: [{key, operator, values}]}
// with operator In, NotIn, Exists or DoesNotExist. All requirements must hold. This is the
// resource model's form (read, written back as it came, validated with field paths); matching
// is kube::LabelSelector's, the one selector every engine uses.
struct LabelSelector {
  struct Requirement {
    std::string key;
    std::string op;  // "In", "NotIn", "Exists", "DoesNotExist"
    std::vector<std::string> values;
  };
  std::map<std::string, std::string> match_labels;
  std::vector<Requirement> match_expressions;
  Json raw;

  // Rejects unknown operators and In/NotIn without values, naming the path.
  static Result<LabelSelector> FromJson(const Json& j, std::string_view where);
  Json ToJson() const;

  // The query-string form for LIST ?labelSelector=: "app=nginx,tier in (a,b),!legacy", in
  // field order (matchLabels, then matchExpressions as listed). Empty for a selector that
  // matches everything.
  std::string ToString() const;
  // The matcher of this selector. InvalidArgument (naming `where`) for a label key or value
  // Kubernetes does not allow, which validation reports with its path.
  Result<kube::LabelSelector> ToSelector(std::string_view where) const;
  // ToSelector's Matches; a selector with an invalid key or value matches nothing.
  bool Matches(const std::map<std::string, std::string>& labels) const;
};

}  // namespace ark::api
