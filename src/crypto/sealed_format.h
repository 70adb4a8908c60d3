#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace ark::crypto {

// The layout of a sealed file (ark's own; Ark and Velero cannot read it). All integers are
// big-endian.
//
//   header
//     0     7  magic "ARKSEAL"
//     7     1  format version, 1
//     8     1  algorithm, 1 = AES-256-GCM (16-byte tags)
//     9     4  chunk size C: plaintext bytes in every chunk but the last
//     13    1  key ID length L (1..253)
//     14    L  key ID: the key-encryption key (KEK) that wrapped the data key
//     14+L  8  nonce prefix, random per file
//     22+L  12 wrap nonce, random per file
//     34+L  32 the file's random data key sealed with AES-256-GCM under the KEK, with the
//              wrap nonce and bytes 0..34+L of the header as additional data
//     66+L  16 its tag (so every header byte is authenticated by the KEK)
//   chunks 0..n, each AES-256-GCM under the data key:
//     nonce = nonce prefix (8) | chunk index (4)
//     additional data = chunk index (4) | last-chunk flag (1: 0 or 1)
//     ciphertext (C bytes, fewer in the last chunk) | tag (16)
//
// Every chunk but the last holds exactly C plaintext bytes; the last holds fewer (an empty
// last chunk follows a plaintext whose size is a multiple of C, 0 included), so a reader
// knows the last chunk when it sees it, and the authenticated index and flag make reordered,
// dropped, truncated or appended chunks fail authentication.
inline constexpr std::string_view kSealedMagic = "ARKSEAL";
inline constexpr uint8_t kSealedVersion = 1;
inline constexpr uint8_t kAlgorithmAes256Gcm = 1;
inline constexpr std::string_view kAlgorithmName = "AES-256-GCM";
inline constexpr uint32_t kDefaultChunkSize = 64 * 1024;
inline constexpr uint32_t kMaxChunkSize = 16 * 1024 * 1024;
inline constexpr size_t kNoncePrefixSize = 8;
// Header bytes before the key ID, and after it.
inline constexpr size_t kHeaderFixedPrefix = 14;
inline constexpr size_t kHeaderFixedSuffix = 8 + 12 + 32 + 16;

// The fields of a header, the wrapped key as stored.
struct SealedHeader {
  uint32_t chunk_size = kDefaultChunkSize;
  std::string key_id;
  std::string nonce_prefix;  // 8 bytes
  std::string wrap_nonce;    // 12 bytes
  std::string wrapped_key;   // 32 + 16 bytes (key and tag)

  // Bytes 0..34+L: what the wrap authenticates.
  std::string AuthenticatedPrefix() const;
  std::string Encode() const;
  size_t size() const { return kHeaderFixedPrefix + key_id.size() + kHeaderFixedSuffix; }
};

// True when `start` (a file's first bytes, at least 7) begins with the magic.
bool LooksSealed(std::string_view start);

// Parses a complete header from the front of `bytes`. std::nullopt when `bytes` is too short
// to hold it yet; InvalidArgument naming the field for a wrong magic, version, algorithm,
// chunk size or key ID length.
Result<std::optional<SealedHeader>> ParseHeader(std::string_view bytes);

// The size of the sealed file of `plain_size` plaintext bytes.
int64_t SealedSize(int64_t plain_size, size_t key_id_size, uint32_t chunk_size = kDefaultChunkSize);

// The nonce and additional data of chunk `index`.
std::string ChunkNonce(std::string_view nonce_prefix, uint32_t index);
std::string ChunkAad(uint32_t index, bool last);

}  // namespace ark::crypto
