#include "archive/gzip_writer.h"

#include <libdeflate.h>

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace ark::archive {
namespace {

// ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL OS=255 (unknown). XFL is 2 for level 9 and 4 for
// level 1, 0 otherwise, as Go writes it.
std::string GzipHeader(int level) {
  std::string h("\x1f\x8b\x08\0\0\0\0\0\0\xff", 10);
  if (level == 9) h[8] = 2;
  if (level == 1) h[8] = 4;
  return h;
}

void AppendLittleEndian32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace

// One gzip member: header, raw deflate of every Feed, trailer (CRC-32, size mod 2^32).
class GzipWriter::Deflater {
 public:
  explicit Deflater(int level) : level_(level) {
    std::memset(&zs_, 0, sizeof(zs_));
    init_ = deflateInit2(&zs_, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  }
  ~Deflater() {
    if (init_ == Z_OK) deflateEnd(&zs_);
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  Status Feed(std::string_view input, bool finish, std::string& out) {
    if (init_ != Z_OK) return Internal("gzip: deflateInit2 failed (code " + std::to_string(init_) + ")");
    if (!header_written_) {
      out.append(GzipHeader(level_));
      header_written_ = true;
    }
    crc_ = crc32_z(crc_, reinterpret_cast<const Bytef*>(input.data()), input.size());
    size_ += input.size();
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    zs_.avail_in = static_cast<uInt>(input.size());
    int flush = finish ? Z_FINISH : Z_NO_FLUSH;
    while (true) {
      size_t old = out.size();
      size_t room = std::max<size_t>(deflateBound(&zs_, zs_.avail_in), 1 << 16);
      out.resize(old + room);
      zs_.next_out = reinterpret_cast<Bytef*>(out.data() + old);
      zs_.avail_out = static_cast<uInt>(room);
      int rc = deflate(&zs_, flush);
      out.resize(old + room - zs_.avail_out);
      if (rc == Z_STREAM_END) break;
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Internal("gzip: deflate failed (code " + std::to_string(rc) + ")");
      }
      if (!finish && zs_.avail_in == 0 && zs_.avail_out != 0) break;
    }
    if (finish) {
      AppendLittleEndian32(out, static_cast<uint32_t>(crc_));
      AppendLittleEndian32(out, static_cast<uint32_t>(size_ & 0xffffffffu));
    }
    return Status::Ok();
  }

 private:
  const int level_;
  z_stream zs_;
  int init_;
  bool header_written_ = false;
  uLong crc_ = crc32(0, nullptr, 0);
  uint64_t size_ = 0;
};

struct GzipWriter::Job {
  std::string input;
  bool last = false;
  bool done = false;  // guarded by mu_
  std::string output;
  Status status;
};

GzipWriter::GzipWriter(ByteSink& out, int level, int threads, size_t chunk_bytes)
    : out_(out),
      level_(level),
      chunk_bytes_(std::max<size_t>(chunk_bytes, 4096)),
      single_stream_(threads <= 1),
      max_in_flight_(2 * static_cast<size_t>(std::max(threads, 1)) + 1) {
  if (single_stream_) stream_ = std::make_unique<Deflater>(level_);
  int n = std::max(threads, 1);
  workers_.reserve(n);
  for (int i = 0; i < n; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

GzipWriter::~GzipWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void GzipWriter::WorkerLoop() {
  // Members are whole buffers, which is what libdeflate compresses (2-3x zlib's speed at
  // the same level and about the same size). A compressor is not thread-safe: one each.
  std::unique_ptr<libdeflate_compressor, void (*)(libdeflate_compressor*)> members(
      single_stream_ ? nullptr : libdeflate_alloc_compressor(level_), libdeflate_free_compressor);
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [this] { return stop_ || !pending_.empty(); });
      if (stop_) return;
      job = pending_.front();
      pending_.pop_front();
    }
    Compress(*job, members.get());
    {
      std::lock_guard<std::mutex> lock(mu_);
      job->done = true;
    }
    done_cv_.notify_all();
  }
}

void GzipWriter::Compress(Job& job, libdeflate_compressor* members) {
  if (single_stream_) {
    // Jobs reach the single worker in submission order, so the stream sees the input in order.
    job.status = stream_->Feed(job.input, job.last, job.output);
  } else if (members == nullptr) {
    job.status = Internal("gzip: libdeflate could not allocate a compressor at level " +
                          std::to_string(level_));
  } else {
    job.output.resize(libdeflate_gzip_compress_bound(members, job.input.size()));
    const size_t n = libdeflate_gzip_compress(members, job.input.data(), job.input.size(),
                                              job.output.data(), job.output.size());
    if (n == 0) job.status = Internal("gzip: libdeflate_gzip_compress found no room");
    job.output.resize(n);
  }
  std::string().swap(job.input);
}

Status GzipWriter::Write(std::string_view data) {
  if (!status_.ok()) return status_;
  if (closed_) return FailedPrecondition("gzip: Write after Close");
  if (buffer_.capacity() < chunk_bytes_) buffer_.reserve(chunk_bytes_ + (64 << 10));
  buffer_.append(data);
  if (buffer_.size() >= chunk_bytes_) {
    // Hand over the whole buffer (chunks are "about" chunk_bytes_; no copy).
    std::string chunk;
    chunk.swap(buffer_);
    ARK_RETURN_IF_ERROR(Submit(std::move(chunk), /*last=*/false));
  }
  return Status::Ok();
}

Status GzipWriter::Submit(std::string input, bool last) {
  ARK_RETURN_IF_ERROR(Drain(/*wait=*/false));
  while (true) {
    size_t n;
    {
      std::lock_guard<std::mutex> lock(mu_);
      n = in_flight_.size();
    }
    if (n < max_in_flight_) break;
    ARK_RETURN_IF_ERROR(Drain(/*wait=*/true));
  }
  auto job = std::make_shared<Job>();
  job->input = std::move(input);
  job->last = last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.push_back(job);
    in_flight_.push_back(job);
  }
  submitted_any_ = true;
  work_cv_.notify_one();
  return Status::Ok();
}

Status GzipWriter::Drain(bool wait) {
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (in_flight_.empty()) return status_;
      if (wait) done_cv_.wait(lock, [this] { return in_flight_.front()->done; });
      if (!in_flight_.front()->done) return status_;
      job = in_flight_.front();
      in_flight_.pop_front();
    }
    wait = false;
    if (status_.ok()) status_ = job->status;
    if (status_.ok()) {
      compressed_bytes_ += static_cast<int64_t>(job->output.size());
      status_ = out_.Write(job->output);
    }
    if (!status_.ok()) return status_;
  }
}

Status GzipWriter::Close() {
  if (closed_) return status_;
  closed_ = true;
  if (!status_.ok()) return status_;
  if (single_stream_) {
    ARK_RETURN_IF_ERROR(Submit(std::move(buffer_), /*last=*/true));
  } else if (!buffer_.empty() || !submitted_any_) {
    ARK_RETURN_IF_ERROR(Submit(std::move(buffer_), /*last=*/true));
  }
  buffer_.clear();
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (in_flight_.empty()) break;
    }
    ARK_RETURN_IF_ERROR(Drain(/*wait=*/true));
  }
  status_ = out_.Close();
  return status_;
}

}  // namespace ark::archive
