#pragma once

#include <memory>
#include <string>

#include "crypto/aes_gcm.h"
#include "crypto/keyring.h"
#include "crypto/sealed_format.h"
#include "util/byte_stream.h"

namespace ark::crypto {

// Reads `plain` and yields its sealed file (sealed_format.h) under the keyring's current key:
// a fresh random data key and nonce prefix per file, one chunk sealed at a time, so an upload
// streams and holds at most one chunk. Its size is SealedSize(plain size, key ID size).
// Not thread-safe; `plain` must outlive it.
class SealingSource final : public ByteSource {
 public:
  // FailedPrecondition when the keyring has no current key.
  static Result<std::unique_ptr<SealingSource>> Create(ByteSource& plain, const Keyring& keys,
                                                       uint32_t chunk_size = kDefaultChunkSize);

  Result<size_t> Read(char* buf, size_t size) override;
  const std::string& key_id() const { return key_id_; }

 private:
  SealingSource(ByteSource& plain, std::unique_ptr<AesGcm> cipher, std::string header,
                std::string nonce_prefix, std::string key_id, uint32_t chunk_size);
  // Seals the next chunk into pending_; sets done_ after the last one.
  Status SealNextChunk();

  ByteSource& plain_;
  std::unique_ptr<AesGcm> cipher_;
  std::string nonce_prefix_;
  std::string key_id_;
  uint32_t chunk_size_;
  uint32_t next_index_ = 0;
  bool sealed_last_ = false;
  std::string plain_chunk_;
  std::string pending_;  // sealed bytes not yet read, from pending_offset_
  size_t pending_offset_ = 0;
};

}  // namespace ark::crypto
