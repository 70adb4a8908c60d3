#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ark::json_scan {

// Reading JSON text without building a tree: values are located as spans (string_views) of
// the input, checked to be well-formed (RFC 8259 grammar; UTF-8 is passed through unchecked)
// but not converted. A LIST page of thousands of objects is split into its items in one
// pass at memory speed, and only the few fields a caller needs are decoded.
//
// Every function here rejects malformed input by returning false / npos / an empty view
// rather than throwing; nesting deeper than kMaxDepth is malformed (hostile input cannot
// exhaust the stack).

inline constexpr int kMaxDepth = 512;
inline constexpr size_t npos = std::string_view::npos;

// The offset just past the JSON value that starts at text[pos] (after optional whitespace),
// or npos when there is no well-formed value there.
size_t ValueEnd(std::string_view text, size_t pos = 0);

// ValueEnd for compact text: npos also when whitespace separates any two tokens of the value
// (as in pretty-printed JSON). The value must start exactly at text[pos].
size_t CompactValueEnd(std::string_view text, size_t pos);

// True when `text` is exactly one well-formed JSON value (surrounding whitespace allowed).
bool IsValue(std::string_view text);

// Calls `on_member(key, value)` for each member of the object `object` (optionally
// surrounded by whitespace), in document order. `key` is the raw key between the quotes (may
// hold escapes; see KeyEquals), `value` the member's value text. Stops early, returning
// true, when on_member returns false. Returns false when `object` is not a well-formed
// object.
bool ForEachMember(
    std::string_view object,
    const std::function<bool(std::string_view key, std::string_view value)>& on_member);

// The lower level of ForEachMember: hands each member's raw key and the offset in `object`
// where its value starts (whitespace skipped) to `on_member`, which must return the offset
// just past the value (ValueEnd, SplitArrayAt, ...) or npos to reject it. Each byte is
// then read once however the values are consumed.
bool ForEachMemberAt(
    std::string_view object,
    const std::function<size_t(std::string_view key, size_t value_pos)>& on_member);

// The offset just past the array starting at text[pos] (whitespace skipped), appending its
// elements to `elements`; npos when there is no well-formed array there.
size_t SplitArrayAt(std::string_view text, size_t pos, std::vector<std::string_view>* elements);

// Appends each element of the array `array` to `elements`. False when malformed.
bool SplitArray(std::string_view array, std::vector<std::string_view>* elements);

// Whether the raw (possibly escaped) key equals `key`.
bool KeyEquals(std::string_view raw_key, std::string_view key);

// The value of member `key` of the object `object`; empty when absent or `object` is not a
// well-formed object.
std::string_view FindMember(std::string_view object, std::string_view key);

// Decodes the JSON string value `quoted` (with its quotes) into UTF-8. False when `quoted` is
// not a well-formed string (including a lone UTF-16 surrogate).
bool DecodeString(std::string_view quoted, std::string* out);

// The string value at object.a.b ("" when absent or not a string).
std::string StringAt(std::string_view object, std::string_view a, std::string_view b);

}  // namespace ark::json_scan
