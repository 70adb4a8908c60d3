#include "util/clock.h"

#include <thread>

namespace ark {
namespace {

class RealClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  void SleepFor(std::chrono::milliseconds d) const override { std::this_thread::sleep_for(d); }
};

}  // namespace

const Clock& SystemClock() {
  static const RealClock clock;
  return clock;
}

}  // namespace ark
