#include "archive/member_compressor.h"

#include <isa-l/igzip_lib.h>
#include <libdeflate.h>

#include <vector>

namespace ark::archive {
namespace {

class DeflateMembers final : public MemberCompressor {
 public:
  explicit DeflateMembers(libdeflate_compressor* c) : c_(c) {}
  ~DeflateMembers() override { libdeflate_free_compressor(c_); }

  Result<size_t> Compress(std::string_view input, std::string* out) override {
    const size_t bound = libdeflate_gzip_compress_bound(c_, input.size());
    if (out->size() < bound) out->resize(bound);
    const size_t n = libdeflate_gzip_compress(c_, input.data(), input.size(), out->data(), bound);
    if (n == 0) return Internal("gzip: libdeflate_gzip_compress found no room");
    return n;
  }

 private:
  libdeflate_compressor* const c_;
};

// igzip writes the deflate stream and the trailer (CRC-32, size); the header is ours.
class IgzipMembers final : public MemberCompressor {
 public:
  IgzipMembers(int level, libdeflate_compressor* fallback)
      : level_(level),
        level_buf_(level == 1 ? ISAL_DEF_LVL1_DEFAULT : ISAL_DEF_LVL2_DEFAULT),
        header_(GzipHeader(level)),
        fallback_(fallback) {}

  Result<size_t> Compress(std::string_view input, std::string* out) override {
    // Room for incompressible input (stored blocks) with headroom; if igzip still runs out
    // of room, the member is made by libdeflate instead.
    const size_t bound = header_.size() + input.size() + input.size() / 16 + 4096;
    if (out->size() < bound) out->resize(bound);
    header_.copy(out->data(), header_.size());
    isal_zstream s;
    isal_deflate_init(&s);
    s.level = static_cast<uint32_t>(level_);
    s.level_buf = level_buf_.data();
    s.level_buf_size = static_cast<uint32_t>(level_buf_.size());
    s.gzip_flag = IGZIP_GZIP_NO_HDR;
    s.end_of_stream = 1;
    s.flush = NO_FLUSH;
    s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(input.data()));
    s.avail_in = static_cast<uint32_t>(input.size());
    s.next_out = reinterpret_cast<uint8_t*>(out->data() + header_.size());
    s.avail_out = static_cast<uint32_t>(bound - header_.size());
    const int rc = isal_deflate(&s);
    if (rc == COMP_OK && s.internal_state.state == ZSTATE_END) {
      return header_.size() + s.total_out;
    }
    return fallback_.Compress(input, out);
  }

 private:
  const int level_;
  std::vector<uint8_t> level_buf_;
  const std::string header_;
  DeflateMembers fallback_;
};

}  // namespace

std::string GzipHeader(int level) {
  std::string h("\x1f\x8b\x08\0\0\0\0\0\0\xff", 10);
  if (level == 9) h[8] = 2;
  if (level == 1) h[8] = 4;
  return h;
}

Result<std::unique_ptr<MemberCompressor>> NewMemberCompressor(int level) {
  if (level < 0 || level > 9) {
    return InvalidArgument("gzip: level " + std::to_string(level) + " is not in 0..9");
  }
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  if (c == nullptr) {
    return Internal("gzip: libdeflate could not allocate a compressor at level " +
                    std::to_string(level));
  }
  if (level == 1 || level == 2)
    return std::unique_ptr<MemberCompressor>(new IgzipMembers(level, c));
  return std::unique_ptr<MemberCompressor>(new DeflateMembers(c));
}

}  // namespace ark::archive
