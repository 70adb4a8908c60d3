#include "crypto/sealed_format.h"

#include "crypto/aes_gcm.h"

namespace ark::crypto {
namespace {

void PutU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint32_t GetU32(std::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

}  // namespace

std::string SealedHeader::AuthenticatedPrefix() const {
  std::string out(kSealedMagic);
  out.push_back(static_cast<char>(kSealedVersion));
  out.push_back(static_cast<char>(kAlgorithmAes256Gcm));
  PutU32(out, chunk_size);
  out.push_back(static_cast<char>(key_id.size()));
  out += key_id;
  out += nonce_prefix;
  out += wrap_nonce;
  return out;
}

std::string SealedHeader::Encode() const { return AuthenticatedPrefix() + wrapped_key; }

bool LooksSealed(std::string_view start) {
  return start.substr(0, kSealedMagic.size()) == kSealedMagic;
}

Result<std::optional<SealedHeader>> ParseHeader(std::string_view bytes) {
  const size_t magic = kSealedMagic.size();
  if (bytes.size() >= magic && !LooksSealed(bytes)) {
    return InvalidArgument("not a sealed file: it does not start with \"ARKSEAL\"");
  }
  if (bytes.size() < kHeaderFixedPrefix) return std::optional<SealedHeader>();
  const uint8_t version = static_cast<uint8_t>(bytes[7]);
  if (version != kSealedVersion) {
    return InvalidArgument("sealed format version " + std::to_string(version) +
                           " is not supported (this ark reads version 1)");
  }
  const uint8_t algorithm = static_cast<uint8_t>(bytes[8]);
  if (algorithm != kAlgorithmAes256Gcm) {
    return InvalidArgument("sealed with unknown algorithm " + std::to_string(algorithm) +
                           " (this ark knows 1, AES-256-GCM)");
  }
  SealedHeader header;
  header.chunk_size = GetU32(bytes.substr(9, 4));
  if (header.chunk_size == 0 || header.chunk_size > kMaxChunkSize) {
    return InvalidArgument("sealed chunk size " + std::to_string(header.chunk_size) +
                           " is out of range (1 to 16 MiB)");
  }
  const size_t id_size = static_cast<uint8_t>(bytes[13]);
  if (id_size == 0 || id_size > 253) {
    return InvalidArgument("sealed key ID length " + std::to_string(id_size) + " is out of range");
  }
  if (bytes.size() < kHeaderFixedPrefix + id_size + kHeaderFixedSuffix)
    return std::optional<SealedHeader>();
  size_t at = kHeaderFixedPrefix;
  header.key_id = std::string(bytes.substr(at, id_size));
  at += id_size;
  header.nonce_prefix = std::string(bytes.substr(at, kNoncePrefixSize));
  at += kNoncePrefixSize;
  header.wrap_nonce = std::string(bytes.substr(at, kNonceSize));
  at += kNonceSize;
  header.wrapped_key = std::string(bytes.substr(at, 32 + kTagSize));
  return std::optional<SealedHeader>(std::move(header));
}

int64_t SealedSize(int64_t plain_size, size_t key_id_size, uint32_t chunk_size) {
  const int64_t chunks = plain_size / chunk_size + 1;  // the last one holds fewer than C bytes
  return static_cast<int64_t>(kHeaderFixedPrefix + key_id_size + kHeaderFixedSuffix) + plain_size +
         chunks * static_cast<int64_t>(kTagSize);
}

std::string ChunkNonce(std::string_view nonce_prefix, uint32_t index) {
  std::string nonce(nonce_prefix);
  PutU32(nonce, index);
  return nonce;
}

std::string ChunkAad(uint32_t index, bool last) {
  std::string aad;
  PutU32(aad, index);
  aad.push_back(last ? 1 : 0);
  return aad;
}

}  // namespace ark::crypto
