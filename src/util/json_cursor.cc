#include "util/json_cursor.h"

#include "util/json_scan_internal.h"

namespace ark::json_scan {

using internal::kNpos;
using internal::SkipSpace;

namespace internal {

bool CursorBase::Fail() {
  state_ = State::kFailed;
  return false;
}

void CursorBase::ValueEndsAt(size_t value_end) {
  if (state_ != State::kInValue || value_end == kNpos || value_end < p_) {
    state_ = State::kFailed;
    return;
  }
  p_ = value_end;
  state_ = State::kAfterValue;
}

bool CursorBase::Step(char open, char close) {
  // A value left unreported is the caller's mistake; it must not read as the container's end.
  if (state_ == State::kInValue) return Fail();
  if (state_ != State::kStart && state_ != State::kAfterValue) return false;
  const size_t n = t_.size();
  size_t q = SkipSpace(t_, p_);
  if (state_ == State::kStart) {
    if (q >= n || t_[q] != open) return Fail();
    q = SkipSpace(t_, q + 1);
    if (q < n && t_[q] == close) {
      p_ = q + 1;
      state_ = State::kDone;
      return false;
    }
  } else {
    if (q >= n) return Fail();
    if (t_[q] == close) {
      p_ = q + 1;
      state_ = State::kDone;
      return false;
    }
    if (t_[q] != ',') return Fail();
    q = SkipSpace(t_, q + 1);
  }
  if (q >= n) return Fail();
  p_ = q;
  return true;
}

}  // namespace internal

bool MemberCursor::Next(std::string_view* key, size_t* value_pos) {
  if (!Step('{', '}')) return false;
  if (t_[p_] != '"') return Fail();
  const size_t key_end = internal::StringEnd(t_, p_);
  if (key_end == kNpos) return Fail();
  *key = t_.substr(p_ + 1, key_end - p_ - 2);
  const size_t colon = SkipSpace(t_, key_end);
  if (colon >= t_.size() || t_[colon] != ':') return Fail();
  p_ = SkipSpace(t_, colon + 1);
  *value_pos = p_;
  state_ = State::kInValue;
  return true;
}

bool ElementCursor::Next(size_t* value_pos) {
  if (!Step('[', ']')) return false;
  *value_pos = p_;
  state_ = State::kInValue;
  return true;
}

}  // namespace ark::json_scan
