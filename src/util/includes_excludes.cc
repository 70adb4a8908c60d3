#include "util/includes_excludes.h"

namespace ark {
namespace {

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace

IncludesExcludes::IncludesExcludes(const std::vector<std::string>& includes,
                                   const std::vector<std::string>& excludes)
    : includes_(includes.begin(), includes.end()), excludes_(excludes.begin(), excludes.end()) {}

IncludesExcludes& IncludesExcludes::Include(std::string item) {
  includes_.insert(std::move(item));
  return *this;
}

IncludesExcludes& IncludesExcludes::Exclude(std::string item) {
  excludes_.insert(std::move(item));
  return *this;
}

bool IncludesExcludes::ShouldInclude(std::string_view item) const {
  std::string key(item);
  if (excludes_.count(key) > 0) return false;
  return IncludesAllByDefault() || includes_.count(key) > 0;
}

bool IncludesExcludes::IncludesAllByDefault() const {
  return includes_.empty() || includes_.count("*") > 0;
}

bool IncludesExcludes::IncludesEverything() const {
  return excludes_.empty() && IncludesAllByDefault();
}

std::string IncludesExcludes::IncludesString() const {
  return includes_.empty() ? "*" : Join(includes_);
}

std::string IncludesExcludes::ExcludesString() const { return Join(excludes_); }

std::vector<std::string> ValidateIncludesExcludes(const std::vector<std::string>& includes,
                                                  const std::vector<std::string>& excludes) {
  std::vector<std::string> errors;
  std::set<std::string> inc(includes.begin(), includes.end());
  std::set<std::string> exc(excludes.begin(), excludes.end());
  if (inc.size() > 1 && inc.count("*") > 0) {
    errors.push_back("includes list must either contain '*' only, or a non-empty list of items");
  }
  if (exc.count("*") > 0) errors.push_back("excludes list cannot contain '*'");
  for (const std::string& item : exc) {
    if (inc.count(item) > 0) {
      errors.push_back("excludes list cannot contain an item in the includes list: " + item);
    }
  }
  return errors;
}

}  // namespace ark
