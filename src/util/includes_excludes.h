#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ark {

// An include list and an exclude list of names (namespaces, or resources such as
// "deployments.apps"), where "*" in the include list means everything. An empty include list
// also means everything. Exclusion wins over inclusion. Value type; const methods are safe to
// call from many threads.
//
//   IncludesExcludes ie({"*"}, {"kube-system"});
//   ie.ShouldInclude("default");      // true
//   ie.ShouldInclude("kube-system");  // false
class IncludesExcludes {
 public:
  IncludesExcludes() = default;
  IncludesExcludes(const std::vector<std::string>& includes,
                   const std::vector<std::string>& excludes);

  IncludesExcludes& Include(std::string item);
  IncludesExcludes& Exclude(std::string item);

  bool ShouldInclude(std::string_view item) const;
  // True when the include list is empty or "*": every item not excluded passes.
  bool IncludesAllByDefault() const;
  // True when nothing is excluded and the includes are empty or "*": every item passes.
  bool IncludesEverything() const;

  const std::set<std::string>& includes() const { return includes_; }
  const std::set<std::string>& excludes() const { return excludes_; }

  // "*" for an empty include list, otherwise the sorted items joined by ", " (Ark's log form).
  std::string IncludesString() const;
  // "" for an empty exclude list, otherwise the sorted items joined by ", ".
  std::string ExcludesString() const;

 private:
  std::set<std::string> includes_;
  std::set<std::string> excludes_;
};

// Checks an include/exclude pair as Ark does before a backup or restore. Returns one message
// per problem, worded as Ark words them (empty when the lists are fine):
//   "includes list must either contain '*' only, or a non-empty list of items"
//   "excludes list cannot contain '*'"
//   "excludes list cannot contain an item in the includes list: <item>"
std::vector<std::string> ValidateIncludesExcludes(const std::vector<std::string>& includes,
                                                  const std::vector<std::string>& excludes);

}  // namespace ark
