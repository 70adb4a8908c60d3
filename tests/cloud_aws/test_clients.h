#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/client.h"
#include "util/clock.h"

namespace ark::testing {

// Real time for signing, but SleepFor returns at once and only records the wait, so retry
// backoff costs no wall time.
class NoSleepClock final : public Clock {
 public:
  TimePoint Now() const override { return SystemClock().Now(); }
  void SleepFor(std::chrono::milliseconds d) const override { slept_ms_ += d.count(); }
  long long slept_ms() const { return slept_ms_.load(); }

 private:
  mutable std::atomic<long long> slept_ms_{0};
};

// Wraps a real client: records every request (method and URL), counts requests in flight at
// once, and lets a test answer chosen requests itself (fault injection) instead of sending
// them.
class RecordingClient final : public http::Client {
 public:
  // Returns a response or error to use instead of sending, or nullopt to send for real.
  using Fault = std::function<std::optional<Result<http::Response>>(const http::Request&, int n)>;

  explicit RecordingClient(std::shared_ptr<http::Client> real) : real_(std::move(real)) {}

  void set_fault(Fault fault) { fault_ = std::move(fault); }

  Result<http::Response> Send(const http::Request& request) override {
    int n;
    {
      std::lock_guard<std::mutex> lock(mu_);
      n = static_cast<int>(requests_.size());
      requests_.push_back(request.method + " " + request.url);
      headers_.push_back(request.headers);
    }
    if (fault_) {
      if (auto injected = fault_(request, n)) return *injected;
    }
    int now = ++in_flight_;
    int seen = max_in_flight_.load();
    while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
    }
    auto result = real_->Send(request);
    --in_flight_;
    return result;
  }

  std::vector<std::string> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  std::vector<http::Headers> headers() const {
    std::lock_guard<std::mutex> lock(mu_);
    return headers_;
  }
  int max_in_flight() const { return max_in_flight_.load(); }

 private:
  std::shared_ptr<http::Client> real_;
  Fault fault_;
  mutable std::mutex mu_;
  std::vector<std::string> requests_;   // guarded by mu_
  std::vector<http::Headers> headers_;  // guarded by mu_
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
};

}  // namespace ark::testing
