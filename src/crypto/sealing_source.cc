#include "crypto/sealing_source.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace ark::crypto {

Result<std::unique_ptr<SealingSource>> SealingSource::Create(ByteSource& plain, const Keyring& keys,
                                                             uint32_t chunk_size) {
  if (!keys.has_current()) {
    return FailedPrecondition("cannot encrypt: no current encryption key in " + keys.source());
  }
  if (chunk_size == 0 || chunk_size > kMaxChunkSize) {
    return InvalidArgument("sealed chunk size " + std::to_string(chunk_size) + " is out of range");
  }
  ARK_ASSIGN_OR_RETURN(std::string_view kek, keys.Find(keys.current_id()));
  ARK_ASSIGN_OR_RETURN(std::string data_key, RandomBytes(kKeySize));
  SealedHeader header;
  header.chunk_size = chunk_size;
  header.key_id = keys.current_id();
  ARK_ASSIGN_OR_RETURN(header.nonce_prefix, RandomBytes(kNoncePrefixSize));
  ARK_ASSIGN_OR_RETURN(header.wrap_nonce, RandomBytes(kNonceSize));
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<AesGcm> wrapper, AesGcm::Create(kek));
  ARK_RETURN_IF_ERROR(
      wrapper->Seal(header.wrap_nonce, header.AuthenticatedPrefix(), data_key, header.wrapped_key));
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<AesGcm> cipher, AesGcm::Create(data_key));
  std::fill(data_key.begin(), data_key.end(), '\0');
  return std::unique_ptr<SealingSource>(new SealingSource(
      plain, std::move(cipher), header.Encode(), header.nonce_prefix, header.key_id, chunk_size));
}

SealingSource::SealingSource(ByteSource& plain, std::unique_ptr<AesGcm> cipher, std::string header,
                             std::string nonce_prefix, std::string key_id, uint32_t chunk_size)
    : plain_(plain),
      cipher_(std::move(cipher)),
      nonce_prefix_(std::move(nonce_prefix)),
      key_id_(std::move(key_id)),
      chunk_size_(chunk_size),
      pending_(std::move(header)) {}

Status SealingSource::SealNextChunk() {
  plain_chunk_.resize(chunk_size_);
  size_t filled = 0;
  while (filled < chunk_size_) {
    ARK_ASSIGN_OR_RETURN(size_t n, plain_.Read(plain_chunk_.data() + filled, chunk_size_ - filled));
    if (n == 0) break;
    filled += n;
  }
  plain_chunk_.resize(filled);
  // A full chunk is never the last: the last one holds fewer than chunk_size_ bytes, maybe none.
  const bool last = filled < chunk_size_;
  if (next_index_ == std::numeric_limits<uint32_t>::max()) {
    return ResourceExhausted("cannot encrypt more than 2^32 chunks in one file");
  }
  pending_.clear();
  pending_offset_ = 0;
  ARK_RETURN_IF_ERROR(cipher_->Seal(ChunkNonce(nonce_prefix_, next_index_),
                                    ChunkAad(next_index_, last), plain_chunk_, pending_));
  ++next_index_;
  sealed_last_ = last;
  return Status::Ok();
}

Result<size_t> SealingSource::Read(char* buf, size_t size) {
  if (pending_offset_ == pending_.size()) {
    if (sealed_last_) return size_t{0};
    ARK_RETURN_IF_ERROR(SealNextChunk());
  }
  const size_t n = std::min(size, pending_.size() - pending_offset_);
  std::memcpy(buf, pending_.data() + pending_offset_, n);
  pending_offset_ += n;
  return n;
}

}  // namespace ark::crypto
