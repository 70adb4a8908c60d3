#pragma once

#include <cstddef>
#include <string_view>

namespace ark::json_scan {

// Steps through the members of an object, or the elements of an array, one at a time. The
// caller reads each value itself (ValueEnd, or a reader that copies as it goes) and reports
// where it ended, so a value is read once; it may also stop and resume later, as a LIST page
// does while its items are handed to a consumer that walks them itself.
//
//   MemberCursor members(text, 0);
//   while (members.Next(&key, &pos)) members.ValueEndsAt(ValueEnd(text, pos));
//   if (!members.done()) ... malformed

namespace internal {

// What both cursors share: the position, the state, and the step between values.
class CursorBase {
 public:
  // Where the current value ended; npos when the caller found it malformed.
  void ValueEndsAt(size_t value_end);

  // True once the closing bracket is read; end() is then the offset just past it.
  bool done() const { return state_ == State::kDone; }
  bool failed() const { return state_ == State::kFailed; }
  size_t end() const { return p_; }

 protected:
  CursorBase(std::string_view text, size_t pos) : t_(text), p_(pos) {}
  // Moves to the start of the next value (or key) of the container opened by `open`; false
  // at its closing bracket or when malformed.
  bool Step(char open, char close);
  bool Fail();

  enum class State { kStart, kInValue, kAfterValue, kDone, kFailed };
  std::string_view t_;
  size_t p_;
  State state_ = State::kStart;
};

}  // namespace internal

class MemberCursor : public internal::CursorBase {
 public:
  // The object at text[pos] (whitespace before it skipped).
  MemberCursor(std::string_view text, size_t pos) : CursorBase(text, pos) {}

  // The next member's raw key (between its quotes, escapes kept) and where its value starts.
  // False at the object's closing brace (done()) or when the text is malformed (failed()).
  bool Next(std::string_view* key, size_t* value_pos);
};

class ElementCursor : public internal::CursorBase {
 public:
  // The array at text[pos] (whitespace before it skipped).
  ElementCursor(std::string_view text, size_t pos) : CursorBase(text, pos) {}

  // Where the next element starts; false at the closing bracket (done()) or when malformed.
  bool Next(size_t* value_pos);
};

}  // namespace ark::json_scan
