#include "crypto/opening_sink.h"

#include <limits>

namespace ark::crypto {

OpeningSink::OpeningSink(ByteSink& out, const Keyring* keys, std::string what, bool plain_allowed)
    : out_(out), keys_(keys), what_(std::move(what)), plain_allowed_(plain_allowed) {}

Status OpeningSink::Fail(Status s) {
  state_ = State::kFailed;
  buffer_.clear();
  return s.Annotate("decrypting " + what_);
}

Status OpeningSink::TakeHeader() {
  if (buffer_.size() >= kSealedMagic.size() && !LooksSealed(buffer_) && plain_allowed_) {
    state_ = State::kPlain;
    std::string head = std::move(buffer_);
    buffer_.clear();
    return out_.Write(head);
  }
  Result<std::optional<SealedHeader>> parsed = ParseHeader(buffer_);
  if (!parsed.ok()) return Fail(parsed.status());
  if (!parsed->has_value()) return Status::Ok();  // wait for more bytes
  const SealedHeader& header = **parsed;
  key_id_ = header.key_id;
  if (keys_ == nullptr) {
    return Fail(FailedPrecondition(
        "it is encrypted with key ID \"" + key_id_ +
        "\" but no encryption keys are configured (Config encryption.keySecret)"));
  }
  Result<std::string_view> kek = keys_->Find(key_id_);
  // FailedPrecondition, not NotFound: the file is there, the configuration lacks its key.
  if (!kek.ok()) return Fail(FailedPrecondition(kek.status().message()));
  Result<std::unique_ptr<AesGcm>> unwrapper = AesGcm::Create(*kek);
  if (!unwrapper.ok()) return Fail(unwrapper.status());
  std::string data_key;
  Status s =
      (*unwrapper)
          ->Open(header.wrap_nonce, header.AuthenticatedPrefix(), header.wrapped_key, data_key);
  if (!s.ok()) {
    return Fail(DataLoss("authentication failed for its data key (key ID \"" + key_id_ +
                         "\" from " + keys_->source() +
                         "): the header was changed or the key is wrong"));
  }
  Result<std::unique_ptr<AesGcm>> cipher = AesGcm::Create(data_key);
  std::fill(data_key.begin(), data_key.end(), '\0');
  if (!cipher.ok()) return Fail(cipher.status());
  cipher_ = std::move(*cipher);
  nonce_prefix_ = header.nonce_prefix;
  chunk_size_ = header.chunk_size;
  buffer_.erase(0, header.size());
  state_ = State::kChunks;
  return Status::Ok();
}

Status OpeningSink::OpenChunk(std::string_view sealed, bool last) {
  if (next_index_ == std::numeric_limits<uint32_t>::max()) {
    return Fail(DataLoss("more than 2^32 chunks: the data was changed"));
  }
  plain_.clear();
  Status s = cipher_->Open(ChunkNonce(nonce_prefix_, next_index_), ChunkAad(next_index_, last),
                           sealed, plain_);
  if (!s.ok()) {
    return Fail(DataLoss("authentication failed at chunk " + std::to_string(next_index_) +
                         ": the data was changed or the key is wrong"));
  }
  ++next_index_;
  return out_.Write(plain_);
}

Status OpeningSink::Write(std::string_view data) {
  switch (state_) {
    case State::kPlain:
      return out_.Write(data);
    case State::kFailed:
      return Fail(FailedPrecondition("written to after an error"));
    case State::kDone:
      return Fail(FailedPrecondition("written to after Close"));
    case State::kStart:
      buffer_.append(data);
      {
        ARK_RETURN_IF_ERROR(TakeHeader());
        if (state_ != State::kChunks) return Status::Ok();
        std::string rest = std::move(buffer_);
        buffer_.clear();
        return ConsumeChunks(rest);
      }
    case State::kChunks:
      break;
  }
  return ConsumeChunks(data);
}

Status OpeningSink::ConsumeChunks(std::string_view data) {
  // A full chunk (chunk_size_ bytes and a tag) is never the last one: open it now.
  const size_t full = static_cast<size_t>(chunk_size_) + kTagSize;
  if (buffer_.size() + data.size() < full) {
    buffer_.append(data);
    return Status::Ok();
  }
  if (!buffer_.empty()) {
    const size_t take = full - buffer_.size();
    buffer_.append(data.substr(0, std::min(take, data.size())));
    data.remove_prefix(std::min(take, data.size()));
    if (buffer_.size() < full) return Status::Ok();
    ARK_RETURN_IF_ERROR(OpenChunk(buffer_, false));
    buffer_.clear();
  }
  while (data.size() >= full) {
    ARK_RETURN_IF_ERROR(OpenChunk(data.substr(0, full), false));
    data.remove_prefix(full);
  }
  buffer_.assign(data);
  return Status::Ok();
}

Status OpeningSink::Close() {
  switch (state_) {
    case State::kPlain:
    case State::kDone:
      return Status::Ok();
    case State::kFailed:
      return Fail(FailedPrecondition("closed after an error"));
    case State::kStart:
      if (plain_allowed_ && !LooksSealed(buffer_)) {
        state_ = State::kPlain;
        std::string head = std::move(buffer_);
        buffer_.clear();
        return out_.Write(head);
      }
      return Fail(DataLoss("truncated: the file ends inside its header (" +
                           std::to_string(buffer_.size()) + " bytes)"));
    case State::kChunks:
      break;
  }
  if (buffer_.size() < kTagSize) {
    return Fail(DataLoss("truncated: the file ends after " + std::to_string(next_index_) +
                         " chunks, without its last chunk"));
  }
  ARK_RETURN_IF_ERROR(OpenChunk(buffer_, true));
  buffer_.clear();
  state_ = State::kDone;
  return Status::Ok();
}

}  // namespace ark::crypto
