#pragma once

#include <memory>
#include <string>

#include "crypto/aes_gcm.h"
#include "crypto/keyring.h"
#include "crypto/sealed_format.h"
#include "util/byte_stream.h"

namespace ark::crypto {

// Takes the bytes of a stored file in order and writes its plaintext to `out`, one chunk at a
// time (sealed_format.h). Files that do not start with the magic pass through unchanged when
// `plain_allowed` (unencrypted backups stay readable); otherwise they are an error.
//
// Contract: chunks before the last reach `out` before the end of the file is checked, so
// nothing may act on what `out` received until Close() returned OK (a truncated file fails
// only there). Close() does not close `out`.
//
// Errors name `what` ("contents of backup \"b1\""):
//   "decrypting <what>: authentication failed at chunk N: the data was changed or the key is wrong"
//   "decrypting <what>: encryption key ID "k1" is not in Secret "ns/s" (it holds: k2)"
//     (FailedPrecondition; changed bytes and wrong keys are DataLoss)
//   "decrypting <what>: truncated: ..." for a file that ends early.
// `keys` may be null (no keys configured): a sealed file is then an error naming its key ID.
// Not thread-safe; `out` and `keys` must outlive it.
class OpeningSink final : public ByteSink {
 public:
  OpeningSink(ByteSink& out, const Keyring* keys, std::string what, bool plain_allowed);

  Status Write(std::string_view data) override;
  Status Close() override;

  // After the first bytes: whether the file is sealed, and with which key.
  bool sealed() const { return state_ == State::kChunks || state_ == State::kDone; }
  const std::string& key_id() const { return key_id_; }

 private:
  enum class State { kStart, kPlain, kChunks, kDone, kFailed };

  Status Fail(Status s);
  Status TakeHeader();
  Status OpenChunk(std::string_view sealed, bool last);
  // Opens every complete chunk of buffer_ + data and keeps the rest in buffer_.
  Status ConsumeChunks(std::string_view data);

  ByteSink& out_;
  const Keyring* keys_;
  std::string what_;
  bool plain_allowed_;
  State state_ = State::kStart;
  std::string key_id_;
  std::string nonce_prefix_;
  uint32_t chunk_size_ = 0;
  uint32_t next_index_ = 0;
  std::unique_ptr<AesGcm> cipher_;
  std::string buffer_;  // bytes of the header or of an incomplete chunk
  std::string plain_;
};

}  // namespace ark::crypto
