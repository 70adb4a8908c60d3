#include "archive/gzip_reader.h"

#include <zlib.h>

#include <cstring>

namespace ark::archive {
namespace {
constexpr int64_t kRatioGraceBytes = 1 << 20;
constexpr size_t kInputBuffer = 64 << 10;
}  // namespace

struct GzipReader::State {
  z_stream zs;
  int init;
};

GzipReader::GzipReader(ByteSource& in, int64_t max_ratio)
    : in_(in), max_ratio_(max_ratio), z_(std::make_unique<State>()), in_buf_(kInputBuffer) {
  std::memset(&z_->zs, 0, sizeof(z_->zs));
  z_->init = inflateInit2(&z_->zs, 16 + MAX_WBITS);  // gzip wrapper only
}

GzipReader::~GzipReader() {
  if (z_->init == Z_OK) inflateEnd(&z_->zs);
}

Status GzipReader::Fill() {
  ARK_ASSIGN_OR_RETURN(size_t n, in_.Read(in_buf_.data(), in_buf_.size()));
  if (n == 0) {
    in_eof_ = true;
    return Status::Ok();
  }
  read_ += static_cast<int64_t>(n);
  z_->zs.next_in = reinterpret_cast<Bytef*>(in_buf_.data());
  z_->zs.avail_in = static_cast<uInt>(n);
  return Status::Ok();
}

Result<size_t> GzipReader::Read(char* buf, size_t size) {
  if (!status_.ok()) return status_;
  if (finished_ || size == 0) return size_t{0};
  if (z_->init != Z_OK) return status_ = Internal("gzip: inflateInit2 failed");
  z_stream& zs = z_->zs;
  while (true) {
    if (zs.avail_in == 0 && !in_eof_) {
      Status s = Fill();
      if (!s.ok()) return status_ = s.Annotate("reading gzip stream");
    }
    if (at_member_start_ && zs.avail_in > 0) {
      bool first = consumed_ == 0;
      if (zs.next_in[0] != 0x1f || (zs.avail_in > 1 && zs.next_in[1] != 0x8b)) {
        return status_ = first ? DataLoss("not a gzip stream: bad magic bytes")
                               : DataLoss("gzip stream: trailing data after the last member at byte " +
                                          std::to_string(consumed_));
      }
      at_member_start_ = false;
    } else if (at_member_start_ && in_eof_ && consumed_ > 0) {
      finished_ = true;  // the end, right after a whole member
      return size_t{0};
    }
    if (zs.avail_in == 0 && in_eof_) {
      return status_ = read_ == 0 ? DataLoss("not a gzip stream: input is empty")
                                  : DataLoss("truncated gzip stream: input ends inside a member after " +
                                             std::to_string(read_) + " bytes");
    }
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    uInt before_in = zs.avail_in;
    uInt before_out = zs.avail_out;
    int rc = inflate(&zs, Z_NO_FLUSH);
    consumed_ += before_in - zs.avail_in;
    size_t produced = before_out - zs.avail_out;
    produced_ += static_cast<int64_t>(produced);
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
      return status_ = DataLoss(std::string("corrupt gzip stream: ") +
                                (zs.msg ? zs.msg : "invalid data") + " (near byte " +
                                std::to_string(consumed_) + ")");
    }
    if (rc == Z_MEM_ERROR) return status_ = ResourceExhausted("gzip: out of memory");
    if (produced_ > kRatioGraceBytes && produced_ / std::max<int64_t>(consumed_, 1) >= max_ratio_) {
      return status_ = InvalidArgument("gzip stream expands more than " + std::to_string(max_ratio_) +
                                       "x (" + std::to_string(consumed_) + " bytes to over " +
                                       std::to_string(produced_) + "): refusing a decompression bomb");
    }
    if (rc == Z_STREAM_END) {
      inflateReset(&zs);
      at_member_start_ = true;
    }
    if (produced > 0) return produced;
  }
}

}  // namespace ark::archive
