#include "archive/gzip_reader.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <string>

namespace ark::archive {
namespace {
constexpr int64_t kRatioGraceBytes = 1 << 20;
constexpr size_t kInputBuffer = 64 << 10;

// ISA-L's inflate is several times faster than zlib's on this data, and its gzip CRC-32 uses
// carry-less multiplication: inflating is most of what a restore download and a verification
// cost on the CPU (docs/benchmarks.md). It parses the gzip header and checks the trailer's
// CRC-32 and length itself (ISAL_GZIP).
void StartMember(inflate_state& state) {
  isal_inflate_reset(&state);
  state.crc_flag = ISAL_GZIP;
}

std::string Describe(int rc) {
  switch (rc) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER:
      return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD:
      return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM:
      return "incorrect data check (CRC-32 or length of a member)";
    case ISAL_NEED_DICT:
      return "a preset dictionary is required";
    default:
      return "invalid data (code " + std::to_string(rc) + ")";
  }
}
}  // namespace

struct GzipReader::State {
  inflate_state zs;
};

GzipReader::GzipReader(ByteSource& in, int64_t max_ratio)
    : in_(in), max_ratio_(max_ratio), z_(std::make_unique<State>()), in_buf_(kInputBuffer) {
  isal_inflate_init(&z_->zs);
  z_->zs.crc_flag = ISAL_GZIP;
}

GzipReader::~GzipReader() = default;

Status GzipReader::Fill() {
  ARK_ASSIGN_OR_RETURN(size_t n, in_.Read(in_buf_.data(), in_buf_.size()));
  if (n == 0) {
    in_eof_ = true;
    return Status::Ok();
  }
  read_ += static_cast<int64_t>(n);
  z_->zs.next_in = reinterpret_cast<uint8_t*>(in_buf_.data());
  z_->zs.avail_in = static_cast<uint32_t>(n);
  return Status::Ok();
}

Result<size_t> GzipReader::Read(char* buf, size_t size) {
  if (!status_.ok()) return status_;
  if (finished_ || size == 0) return size_t{0};
  inflate_state& zs = z_->zs;
  while (true) {
    if (zs.avail_in == 0 && !in_eof_) {
      Status s = Fill();
      if (!s.ok()) return status_ = s.Annotate("reading gzip stream");
    }
    if (at_member_start_) {
      if (zs.avail_in == 0 && in_eof_) {
        if (consumed_ > 0) {
          finished_ = true;  // the end, right after a whole member
          return size_t{0};
        }
        return status_ = DataLoss("not a gzip stream: input is empty");
      }
      if (zs.avail_in == 0) continue;
      const bool first = consumed_ == 0;
      if (zs.next_in[0] != 0x1f || (zs.avail_in > 1 && zs.next_in[1] != 0x8b)) {
        return status_ =
                   first ? DataLoss("not a gzip stream: bad magic bytes")
                         : DataLoss("gzip stream: trailing data after the last member at byte " +
                                    std::to_string(consumed_));
      }
      at_member_start_ = false;
    }
    zs.next_out = reinterpret_cast<uint8_t*>(buf);
    zs.avail_out = static_cast<uint32_t>(std::min<size_t>(size, 1u << 30));
    const uint32_t before_in = zs.avail_in;
    const uint32_t before_out = zs.avail_out;
    const int rc = isal_inflate(&zs);
    consumed_ += before_in - zs.avail_in;
    const size_t produced = before_out - zs.avail_out;
    produced_ += static_cast<int64_t>(produced);
    if (rc < 0 || rc == ISAL_NEED_DICT) {
      return status_ = DataLoss("corrupt gzip stream: " + Describe(rc) + " (near byte " +
                                std::to_string(consumed_) + ")");
    }
    if (produced_ > kRatioGraceBytes && produced_ / std::max<int64_t>(consumed_, 1) >= max_ratio_) {
      return status_ =
                 InvalidArgument("gzip stream expands more than " + std::to_string(max_ratio_) +
                                 "x (" + std::to_string(consumed_) + " bytes to over " +
                                 std::to_string(produced_) + "): refusing a decompression bomb");
    }
    if (zs.block_state == ISAL_BLOCK_FINISH) {
      // ISA-L hands back what it read past the member's trailer: the next member starts there.
      StartMember(zs);
      at_member_start_ = true;
    }
    if (produced > 0) return produced;
    if (!at_member_start_ && zs.avail_in == 0 && in_eof_) {
      return status_ = DataLoss("truncated gzip stream: input ends inside a member after " +
                                std::to_string(read_) + " bytes");
    }
  }
}

}  // namespace ark::archive
