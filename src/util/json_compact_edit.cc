#include "util/json_compact_edit.h"

#include <cstdint>

#include "util/json_scan.h"
#include "util/json_scan_internal.h"

namespace ark::json_scan {
namespace {

using internal::StringEnd;

// Calls `on_member(key, value_pos)` for each member of the compact object at t[p], which
// returns the end of the value or npos. Returns the offset past the object, or npos.
template <typename OnMember>
size_t ForEachCompactMember(std::string_view t, size_t p, OnMember&& on_member) {
  const size_t n = t.size();
  if (p >= n || t[p] != '{') return npos;
  ++p;
  if (p < n && t[p] == '}') return p + 1;
  for (;;) {
    if (p >= n || t[p] != '"') return npos;
    const size_t key_end = StringEnd(t, p);
    if (key_end == npos || key_end >= n || t[key_end] != ':') return npos;
    p = on_member(t.substr(p + 1, key_end - p - 2), key_end + 1);
    if (p == npos || p >= n) return npos;
    if (t[p] == '}') return p + 1;
    if (t[p] != ',') return npos;
    ++p;
  }
}

// Past the metadata object at t[p]; its "name" and "namespace" strings decoded into `names`.
size_t ReadMetadata(std::string_view t, size_t p, ObjectNames* names) {
  return ForEachCompactMember(t, p, [&](std::string_view key, size_t pos) -> size_t {
    const size_t end = CompactValueEnd(t, pos);
    if (end == npos || names == nullptr || t[pos] != '"') return end;
    std::string* field = KeyEquals(key, "name")        ? &names->name
                         : KeyEquals(key, "namespace") ? &names->ns
                                                       : nullptr;
    if (field != nullptr && !DecodeString(t.substr(pos, end - pos), field)) return npos;
    return end;
  });
}

bool Contains(const std::vector<std::string_view>& keys, std::string_view raw_key) {
  for (std::string_view k : keys) {
    if (KeyEquals(raw_key, k)) return true;
  }
  return false;
}

}  // namespace

size_t AppendCompactEditedAt(std::string_view t, std::string* out, const TopLevelEdit& edit,
                             ObjectNames* metadata_names, MemberSpans* members) {
  const size_t count = edit.add_if_missing.size();
  if (count > 64) return npos;
  const size_t start = out->size();
  uint64_t present = 0;  // bit i: add_if_missing[i] is in the object
  if (members != nullptr) members->clear();
  out->push_back('{');
  bool first = true;
  const size_t end = ForEachCompactMember(t, 0, [&](std::string_view key, size_t pos) -> size_t {
    const size_t value_end =
        KeyEquals(key, "metadata") ? ReadMetadata(t, pos, metadata_names) : CompactValueEnd(t, pos);
    if (value_end == npos) return npos;
    if (members != nullptr) members->emplace_back(key, t.substr(pos, value_end - pos));
    for (size_t i = 0; i < count; ++i) {
      if (KeyEquals(key, edit.add_if_missing[i].first)) present |= uint64_t{1} << i;
    }
    if (!Contains(edit.drop, key)) {
      if (!first) out->push_back(',');
      first = false;
      // The member's text: from its key's opening quote to the end of its value.
      const size_t key_begin = static_cast<size_t>(key.data() - t.data()) - 1;
      out->append(t.substr(key_begin, value_end - key_begin));
    }
    return value_end;
  });
  if (end == npos) {
    out->resize(start);
    return npos;
  }
  // Built-in kinds' list items lack apiVersion and kind: this runs for most items, and the
  // scratch string keeps it from allocating each time.
  thread_local std::string added;
  added.clear();
  for (size_t i = 0; i < count; ++i) {
    if (present & (uint64_t{1} << i)) continue;
    added += '"';
    added += edit.add_if_missing[i].first;
    added += "\":";
    added += edit.add_if_missing[i].second;
    added += ',';
  }
  if (!added.empty()) {
    if (first) added.pop_back();  // nothing follows
    out->insert(start + 1, added);
  }
  out->push_back('}');
  return end;
}

bool AppendCompactEdited(std::string_view object, std::string* out, const TopLevelEdit& edit,
                         ObjectNames* metadata_names, MemberSpans* members) {
  const size_t start = out->size();
  if (AppendCompactEditedAt(object, out, edit, metadata_names, members) == object.size()) {
    return true;
  }
  out->resize(start);
  return false;
}

}  // namespace ark::json_scan
