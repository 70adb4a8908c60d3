#pragma once

#include <map>
#include <string>
#include <vector>

#include "kube/label_selector.h"

namespace ark::kubesim {

using Labels = std::map<std::string, std::string>;

// A parsed label selector (k8s.io/apimachinery/pkg/labels syntax):
//   env=prod, tier==web, app!=db, zone in (a,b), zone notin (c), team, !legacy, rank>3
// An empty selector matches everything. Immutable, thread-safe. The parser and matcher are
// ark's own (kube::LabelSelector), so kubesim selects exactly what ark's clients expect; this
// adds the API server's error wording.
class LabelSelector {
 public:
  // Parses `text`; on failure returns false and sets `error` to "unable to parse requirement:
  // " and what is wrong where.
  static bool Parse(const std::string& text, LabelSelector* out, std::string* error);

  bool Matches(const Labels& labels) const;
  bool empty() const { return selector_.empty(); }

 private:
  kube::LabelSelector selector_;
};

// A field selector on metadata.name and metadata.namespace (=, ==, !=), the fields every
// resource supports. Immutable, thread-safe.
class FieldSelector {
 public:
  static bool Parse(const std::string& text, FieldSelector* out, std::string* error);
  bool Matches(const std::string& ns, const std::string& name) const;
  // The metadata.name value required by an "=" term, or "" (lets LIST skip a scan).
  std::string ExactName() const;

 private:
  struct Term {
    bool is_name;  // metadata.name, else metadata.namespace
    bool negate;
    std::string value;
  };
  std::vector<Term> terms_;
};

}  // namespace ark::kubesim
