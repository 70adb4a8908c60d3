#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "util/byte_stream.h"
#include "util/result.h"

namespace ark {
class WorkerPool;
}  // namespace ark

namespace ark::archive {

class MemberCompressor;

// A ByteSink that gzips what it is given into `out`, compressing on background threads.
// Every gzip header is 1f8b 0800 0000 0000 00ff (no name, mtime 0, OS unknown; the extra
// flags byte is 2 at level 9 and 4 at level 1), as Go's compress/gzip writes it.
//
// threads == 1: one gzip member (a single deflate stream) built by one background thread,
//               laid out as Go's gzip writer lays it out (zlib's deflate bytes differ from
//               Go's, the decompressed bytes do not).
// threads >= 2: the input is cut into pieces of about `chunk_bytes`, each compressed by a pool of
//               `threads` pool threads into an independent gzip member (MemberCompressor: ISA-L
//               at levels 1-2, else libdeflate, whose level 8 also sets the extra flags
//               byte to 2); members are written in input order. Concatenated members are one valid
//               gzip stream (RFC 1952 §2.2) that gunzip, Python's gzip module and Go's gzip.Reader
//               read whole.
//
// Output is written to `out` from the calling thread (Write/Close), so `out` need not be
// thread-safe. Memory is bounded: at most 2 * threads + 1 chunks are in flight. Write and
// Close are called from one thread. `out` must outlive this sink.
class GzipWriter final : public ByteSink {
 public:
  GzipWriter(ByteSink& out, int level, int threads, size_t chunk_bytes = 1 << 20);
  ~GzipWriter() override;
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  Status Write(std::string_view data) override;
  // Compresses what is buffered, writes every remaining member, then Closes `out`.
  Status Close() override;

  int64_t compressed_bytes() const { return compressed_bytes_; }

 private:
  struct Job;
  class Deflater;

  Status Submit(std::string input, bool last);
  // Writes the outputs of finished jobs at the front of the queue; with `wait`, waits for
  // the front job first. Returns the first error of a job or of `out`.
  Status Drain(bool wait);
  // Runs on a pool thread: compresses `job`, then marks it done.
  void Run(Job& job);
  // `members` compresses whole members (threads >= 2); null with one stream.
  void Compress(Job& job, MemberCompressor* members);
  // A compressor is not thread-safe: each running job takes one and gives it back after, so
  // there are never more than `threads` of them.
  Result<std::unique_ptr<MemberCompressor>> TakeCompressor();
  void ReturnCompressor(std::unique_ptr<MemberCompressor> compressor);
  // Buffers of finished jobs are reused for new chunks and outputs, so a long stream does
  // not fault in fresh pages for every chunk. Recycle requires mu_ held.
  std::string TakeSpare();
  void Recycle(std::string buffer);

  ByteSink& out_;
  const int level_;
  const size_t chunk_bytes_;
  const bool single_stream_;
  const size_t max_in_flight_;
  std::unique_ptr<Deflater> stream_;  // single-stream mode; used by one job at a time
  std::string buffer_;                // input not yet handed to a worker
  Status status_;                     // first error; sticky
  bool closed_ = false;
  bool submitted_any_ = false;
  int64_t compressed_bytes_ = 0;

  std::mutex mu_;
  std::condition_variable done_cv_;             // signalled when a job finishes
  std::deque<std::shared_ptr<Job>> in_flight_;  // guarded by mu_: submitted, in output order
  std::vector<std::string> spares_;             // guarded by mu_
  std::vector<std::unique_ptr<MemberCompressor>> idle_compressors_;  // guarded by mu_
  // The jobs run here (one thread in single-stream mode, so the stream sees its input in
  // order); destroyed first, as its tasks use the members above.
  std::unique_ptr<WorkerPool> pool_;
};

}  // namespace ark::archive
