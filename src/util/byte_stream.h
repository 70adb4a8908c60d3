#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ark {

// Where bytes go, in order (a file, an upload, a gzip stream). Not thread-safe.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Write(std::string_view data) = 0;
  // Flushes and finishes; no Write after Close.
  virtual Status Close() { return Status::Ok(); }
};

// Where bytes come from, in order. Not thread-safe.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buf`; 0 means the end.
  virtual Result<size_t> Read(char* buf, size_t size) = 0;
};

// A sink that appends to a string (tests, small objects).
class StringSink final : public ByteSink {
 public:
  Status Write(std::string_view data) override {
    out_.append(data);
    return Status::Ok();
  }
  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// A source over a string it owns.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* buf, size_t size) override;
  size_t size() const { return data_.size(); }

 private:
  std::string data_;
  size_t offset_ = 0;
};

// Files: RAII, errors name the path.
Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path);
// Creates or truncates `path`.
Result<std::unique_ptr<ByteSink>> OpenFileSink(const std::string& path);

// Copies `source` into `sink` until the end (does not Close the sink).
Status Copy(ByteSource& source, ByteSink& sink);

}  // namespace ark
