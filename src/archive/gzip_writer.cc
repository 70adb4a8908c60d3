#include "archive/gzip_writer.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "archive/member_compressor.h"
#include "util/worker_pool.h"

namespace ark::archive {
namespace {

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
    if (init_ != Z_OK)
      return Internal("gzip: deflateInit2 failed (code " + std::to_string(init_) + ")");
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
  bool done = false;   // guarded by mu_
  std::string output;  // its first output_size bytes are the compressed member
  size_t output_size = 0;
  Status status;
};

GzipWriter::GzipWriter(ByteSink& out, int level, int threads, size_t chunk_bytes)
    : out_(out),
      level_(level),
      chunk_bytes_(std::max<size_t>(chunk_bytes, 4096)),
      single_stream_(threads <= 1),
      max_in_flight_(2 * static_cast<size_t>(std::max(threads, 1)) + 1) {
  if (single_stream_) stream_ = std::make_unique<Deflater>(level_);
  // The queue holds every job in flight, so Submit never blocks on it: in_flight_ bounds them.
  pool_ =
      std::make_unique<WorkerPool>(single_stream_ ? 1 : threads, static_cast<int>(max_in_flight_));
}

GzipWriter::~GzipWriter() {
  // Jobs still queued (after an error, or without Close) finish before the members they use go.
  pool_.reset();
}

void GzipWriter::Run(Job& job) {
  if (single_stream_) {
    Compress(job, nullptr);
  } else if (auto members = TakeCompressor(); members.ok()) {
    // Members are whole buffers, compressed by a whole-buffer compressor (several times
    // zlib's speed at about the same size).
    Compress(job, members->get());
    ReturnCompressor(std::move(*members));
  } else {
    job.status = members.status();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    job.done = true;
    Recycle(std::move(job.input));
  }
  done_cv_.notify_all();
}

Result<std::unique_ptr<MemberCompressor>> GzipWriter::TakeCompressor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_compressors_.empty()) {
      std::unique_ptr<MemberCompressor> c = std::move(idle_compressors_.back());
      idle_compressors_.pop_back();
      return c;
    }
  }
  return NewMemberCompressor(level_);
}

void GzipWriter::ReturnCompressor(std::unique_ptr<MemberCompressor> compressor) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_compressors_.push_back(std::move(compressor));
}

void GzipWriter::Compress(Job& job, MemberCompressor* members) {
  if (single_stream_) {
    // Jobs reach the single worker in submission order, so the stream sees the input in order.
    job.output.clear();
    job.status = stream_->Feed(job.input, job.last, job.output);
    job.output_size = job.output.size();
    return;
  }
  Result<size_t> n = members->Compress(job.input, &job.output);
  if (n.ok()) {
    job.output_size = *n;
  } else {
    job.status = n.status();
  }
}

std::string GzipWriter::TakeSpare() {
  std::lock_guard<std::mutex> lock(mu_);
  if (spares_.empty()) return std::string();
  std::string s = std::move(spares_.back());
  spares_.pop_back();
  return s;
}

void GzipWriter::Recycle(std::string buffer) {
  // Enough for every in-flight job's input and output; more would only hold memory, as
  // would a buffer that grew far past a chunk (a very large write).
  if (buffer.capacity() >= chunk_bytes_ && buffer.capacity() <= 4 * chunk_bytes_ &&
      spares_.size() < 2 * max_in_flight_ + 2) {
    spares_.push_back(std::move(buffer));
  }
}

Status GzipWriter::Write(std::string_view data) {
  if (!status_.ok()) return status_;
  if (closed_) return FailedPrecondition("gzip: Write after Close");
  if (buffer_.capacity() < chunk_bytes_) {
    buffer_ = TakeSpare();
    buffer_.clear();
    buffer_.reserve(chunk_bytes_ + (64 << 10));
  }
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
  job->output = TakeSpare();
  job->last = last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_.push_back(job);
  }
  submitted_any_ = true;
  pool_->Submit([this, job] { Run(*job); });
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
      compressed_bytes_ += static_cast<int64_t>(job->output_size);
      status_ = out_.Write(std::string_view(job->output).substr(0, job->output_size));
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      Recycle(std::move(job->output));
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
