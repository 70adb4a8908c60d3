#include "backup/entry_writer.h"

namespace ark::backup {
namespace {

// Batches kept for reuse: about one per worker plus what is queued. A batch that grew past
// kMaxSpareBytes (it held a very large object) is let go rather than kept at that size.
constexpr size_t kMaxSpareBatches = 16;
constexpr size_t kMaxSpareBytes = 2 << 20;

}  // namespace

EntryWriter::EntryWriter(archive::TarballWriter& tar, size_t max_queued_bytes,
                         std::function<void(int64_t)> on_written)
    : tar_(tar), max_queued_bytes_(max_queued_bytes), on_written_(std::move(on_written)) {
  thread_ = std::thread([this] { Loop(); });
}

EntryWriter::~EntryWriter() { (void)Finish(); }

archive::TarBatch EntryWriter::NewBatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!spare_.empty()) {
      archive::TarBatch batch = std::move(spare_.back());
      spare_.pop_back();
      return batch;
    }
  }
  return tar_.NewBatch();
}

Status EntryWriter::Push(archive::TarBatch batch) {
  if (batch.empty()) return Status::Ok();
  const size_t bytes = batch.bytes().size();
  std::unique_lock<std::mutex> lock(mu_);
  // A batch larger than the bound is accepted once the queue is empty.
  not_full_.wait(lock, [&] {
    return !error_.ok() || closing_ || queued_bytes_ == 0 ||
           queued_bytes_ + bytes <= max_queued_bytes_;
  });
  if (!error_.ok()) return error_;
  if (closing_) return FailedPrecondition("entry writer: Push after Finish");
  queued_bytes_ += bytes;
  queue_.push_back(std::move(batch));
  not_empty_.notify_one();
  return Status::Ok();
}

Status EntryWriter::Finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  not_empty_.notify_one();
  not_full_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

void EntryWriter::Loop() {
  for (;;) {
    std::optional<archive::TarBatch> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;
      batch.emplace(std::move(queue_.front()));
      queue_.pop_front();
    }
    Status status = tar_.AddBatch(*batch);
    if (!status.ok()) status.Annotate("writing to the backup tarball");
    if (status.ok()) items_written_ += batch->entries();
    const size_t bytes = batch->bytes().size();
    batch->Clear();
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_bytes_ -= bytes;
      if (spare_.size() < kMaxSpareBatches && batch->capacity() <= kMaxSpareBytes) {
        spare_.push_back(std::move(*batch));
      }
      if (!status.ok() && error_.ok()) {
        error_ = status;
        // Nothing more will be written: drop what is queued so producers are released.
        queue_.clear();
        queued_bytes_ = 0;
      }
    }
    not_full_.notify_all();
    if (on_written_ && status.ok()) on_written_(items_written_);
  }
}

}  // namespace ark::backup
