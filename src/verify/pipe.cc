#include "verify/pipe.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace ark::verify {
namespace {

// A bounded byte queue between one writer thread and one reader thread.
class Pipe final : public ByteSink, public ByteSource {
 public:
  explicit Pipe(size_t capacity) : capacity_(capacity) {}

  Status Write(std::string_view data) override {
    while (!data.empty()) {
      std::unique_lock<std::mutex> lock(mu_);
      space_cv_.wait(lock, [&] { return reader_gone_ || buffered_ < capacity_; });
      if (reader_gone_) {
        refused_ = true;
        return Cancelled("the reader of the stream stopped early");
      }
      const size_t n = std::min(data.size(), capacity_ - buffered_);
      chunks_.emplace_back(data.substr(0, n));
      buffered_ += n;
      data.remove_prefix(n);
      data_cv_.notify_one();
    }
    return Status::Ok();
  }

  // The end of the stream: `status` OK is a clean end, anything else is what Read returns.
  void Finish(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = true;
    end_status_ = std::move(status);
    data_cv_.notify_one();
  }

  Result<size_t> Read(char* buf, size_t size) override {
    std::unique_lock<std::mutex> lock(mu_);
    data_cv_.wait(lock, [&] { return !chunks_.empty() || finished_; });
    if (chunks_.empty()) {
      if (!end_status_.ok()) return end_status_;
      return size_t{0};
    }
    size_t copied = 0;
    while (copied < size && !chunks_.empty()) {
      std::string& front = chunks_.front();
      const size_t n = std::min(size - copied, front.size() - offset_);
      std::memcpy(buf + copied, front.data() + offset_, n);
      copied += n;
      offset_ += n;
      if (offset_ == front.size()) {
        chunks_.pop_front();
        offset_ = 0;
      }
    }
    buffered_ -= copied;
    space_cv_.notify_one();
    return copied;
  }

  // Whether a write failed because the reader had left.
  bool refused() {
    std::lock_guard<std::mutex> lock(mu_);
    return refused_;
  }

  void CloseRead() {
    std::lock_guard<std::mutex> lock(mu_);
    reader_gone_ = true;
    space_cv_.notify_one();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable data_cv_;   // signalled when a chunk arrives or the stream ends
  std::condition_variable space_cv_;  // signalled when bytes are read or the reader leaves
  std::deque<std::string> chunks_;    // guarded by mu_
  size_t offset_ = 0;                 // guarded by mu_: read position in chunks_.front()
  size_t buffered_ = 0;               // guarded by mu_: unread bytes
  bool finished_ = false;             // guarded by mu_
  bool reader_gone_ = false;          // guarded by mu_
  bool refused_ = false;              // guarded by mu_
  Status end_status_;                 // guarded by mu_
};

}  // namespace

Status RunThroughPipe(const std::function<Status(ByteSink&)>& produce,
                      const std::function<Status(ByteSource&)>& consume, size_t capacity) {
  Pipe pipe(capacity);
  Status produced;
  std::thread producer([&] {
    produced = produce(pipe);
    pipe.Finish(produced);
  });
  Status consumed = consume(pipe);
  pipe.CloseRead();
  producer.join();
  // A producer stopped by the reader leaving says only that; the reader's status says why.
  if (!produced.ok() && !pipe.refused()) return produced;
  return consumed;
}

}  // namespace ark::verify
