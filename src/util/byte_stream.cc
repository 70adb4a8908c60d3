#include "util/byte_stream.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ark {

Result<size_t> StringSource::Read(char* buf, size_t size) {
  size_t n = std::min(size, data_.size() - offset_);
  std::memcpy(buf, data_.data() + offset_, n);
  offset_ += n;
  return n;
}

namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  ~FileSource() override { std::fclose(f_); }
  Result<size_t> Read(char* buf, size_t size) override {
    size_t n = std::fread(buf, 1, size, f_);
    if (n == 0 && std::ferror(f_))
      return DataLoss("reading " + path_ + ": " + std::strerror(errno));
    return n;
  }

 private:
  std::FILE* f_;
  std::string path_;
};

class FileSink final : public ByteSink {
 public:
  FileSink(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  ~FileSink() override {
    if (f_) std::fclose(f_);
  }
  Status Write(std::string_view data) override {
    if (!f_) return FailedPrecondition("writing " + path_ + ": already closed");
    if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) {
      return DataLoss("writing " + path_ + ": " + std::strerror(errno));
    }
    return Status::Ok();
  }
  Status Close() override {
    if (!f_) return Status::Ok();
    int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) return DataLoss("closing " + path_ + ": " + std::strerror(errno));
    return Status::Ok();
  }

 private:
  std::FILE* f_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rbe");  // e: O_CLOEXEC
  if (!f) {
    Code code = errno == ENOENT ? Code::kNotFound : Code::kUnavailable;
    return Status(code, "opening " + path + ": " + std::strerror(errno));
  }
  return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(f, path));
}

Result<std::unique_ptr<ByteSink>> OpenFileSink(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wbe");  // e: O_CLOEXEC
  if (!f) return Unavailable("creating " + path + ": " + std::strerror(errno));
  return std::unique_ptr<ByteSink>(std::make_unique<FileSink>(f, path));
}

Status Copy(ByteSource& source, ByteSink& sink) {
  char buf[64 * 1024];
  for (;;) {
    ARK_ASSIGN_OR_RETURN(size_t n, source.Read(buf, sizeof buf));
    if (n == 0) return Status::Ok();
    ARK_RETURN_IF_ERROR(sink.Write(std::string_view(buf, n)));
  }
}

}  // namespace ark
