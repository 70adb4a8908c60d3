// Sealing and opening files in the sealed format: round trips at every size that matters
// for the chunking, and each kind of tampering or wrong key ends in an error that says what
// is wrong and where.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "crypto/keyring.h"
#include "crypto/opening_sink.h"
#include "crypto/sealed_format.h"
#include "crypto/sealing_source.h"
#include "util/byte_stream.h"

namespace ark::crypto {
namespace {

using ::testing::HasSubstr;

constexpr size_t kChunk = kDefaultChunkSize;
constexpr size_t kSealedChunk = kChunk + kTagSize;

std::string Bytes(size_t size, uint32_t seed) {
  std::mt19937 gen(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(gen());
  return out;
}

Keyring Keys(const std::string& current,
             const std::vector<std::pair<std::string, std::string>>& keys) {
  Keyring ring("Secret \"heptio-ark/ark-encryption\"");
  for (const auto& [id, key] : keys) EXPECT_TRUE(ring.Add(id, key).ok());
  if (!current.empty()) {
    EXPECT_TRUE(ring.SetCurrent(current).ok());
  }
  return ring;
}

const std::string kKey1 = Bytes(32, 1);
const std::string kKey2 = Bytes(32, 2);

std::string Seal(const std::string& plain, const Keyring& keys) {
  StringSource source(plain);
  auto sealer = SealingSource::Create(source, keys);
  EXPECT_TRUE(sealer.ok()) << sealer.status().ToString();
  StringSink sink;
  EXPECT_TRUE(Copy(**sealer, sink).ok());
  return sink.Take();
}

// Opens `sealed`, fed in pieces of `piece` bytes (0: in one Write).
Result<std::string> Open(const std::string& sealed, const Keyring* keys, size_t piece = 0,
                         bool plain_allowed = false) {
  StringSink out;
  OpeningSink opener(out, keys, "contents of backup \"b1\"", plain_allowed);
  std::string_view rest = sealed;
  while (!rest.empty()) {
    size_t n = piece == 0 ? rest.size() : std::min(piece, rest.size());
    ARK_RETURN_IF_ERROR(opener.Write(rest.substr(0, n)));
    rest.remove_prefix(n);
  }
  ARK_RETURN_IF_ERROR(opener.Close());
  return out.Take();
}

size_t HeaderSize() { return kHeaderFixedPrefix + 2 + kHeaderFixedSuffix; }  // key ID "k1"

TEST(SealedStreamTest, RoundTripsEverySizeTheChunkingCaresAbout) {
  Keyring keys = Keys("k1", {{"k1", kKey1}});
  for (size_t size : {size_t{0}, size_t{1}, kChunk - 1, kChunk, kChunk + 1, 2 * kChunk,
                      size_t{3 * 1024 * 1024 + 17}}) {
    SCOPED_TRACE(size);
    std::string plain = Bytes(size, static_cast<uint32_t>(size));
    std::string sealed = Seal(plain, keys);
    EXPECT_EQ(static_cast<int64_t>(sealed.size()), SealedSize(static_cast<int64_t>(size), 2));
    EXPECT_TRUE(LooksSealed(sealed));
    for (size_t piece : {size_t{0}, size_t{1000}, kSealedChunk, size_t{7}}) {
      if (piece == 7 && size > kChunk + 1)
        continue;  // byte-sized writes of MiBs take long under ASan
      Result<std::string> opened = Open(sealed, &keys, piece);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      EXPECT_EQ(*opened, plain);
    }
  }
}

TEST(SealedStreamTest, TwoSealsOfOneFileDiffer) {
  Keyring keys = Keys("k1", {{"k1", kKey1}});
  EXPECT_NE(Seal("same text", keys), Seal("same text", keys));  // fresh data key and nonces
}

TEST(SealedStreamTest, TheSealedBytesDoNotContainThePlaintext) {
  Keyring keys = Keys("k1", {{"k1", kKey1}});
  std::string plain(200000, 'x');
  plain.replace(100000, 21, "the-secret-value-1234");
  std::string sealed = Seal(plain, keys);
  EXPECT_EQ(sealed.find("the-secret-value-1234"), std::string::npos);
  EXPECT_EQ(sealed.find("xxxxxxxx"), std::string::npos);
}

struct Tamper {
  std::string name;
  std::function<void(std::string&)> change;
  std::string expected;
};

TEST(SealedStreamTest, EveryChangeIsAnErrorNamingWhatAndWhere) {
  Keyring keys = Keys("k1", {{"k1", kKey1}});
  const std::string plain = Bytes(3 * kChunk + 100, 7);  // chunks 0, 1, 2 full; 3 last
  const std::string sealed = Seal(plain, keys);
  const size_t h = HeaderSize();
  const std::string auth0 = "decrypting contents of backup \"b1\": authentication failed at chunk ";
  const std::vector<Tamper> cases = {
      {"flipped nonce prefix byte in the header", [&](std::string& s) { s[16] ^= 1; },
       "authentication failed for its data key (key ID \"k1\" from Secret "
       "\"heptio-ark/ark-encryption\"): "
       "the header was changed or the key is wrong"},
      {"flipped chunk size in the header", [&](std::string& s) { s[12] ^= 1; },
       "authentication failed for its data key"},
      {"flipped wrapped key byte", [&](std::string& s) { s[h - 20] ^= 1; },
       "authentication failed for its data key"},
      {"flipped magic", [&](std::string& s) { s[0] = 'X'; }, "not a sealed file"},
      {"flipped version", [&](std::string& s) { s[7] = 9; },
       "sealed format version 9 is not supported"},
      {"flipped byte in chunk 1", [&](std::string& s) { s[h + kSealedChunk + 5] ^= 0x40; },
       auth0 + "1: the data was changed or the key is wrong"},
      {"flipped tag of chunk 2", [&](std::string& s) { s[h + 3 * kSealedChunk - 1] ^= 1; },
       auth0 + "2:"},
      {"flipped byte in the last chunk", [&](std::string& s) { s[s.size() - 30] ^= 1; },
       auth0 + "3:"},
      {"truncated at a chunk boundary", [&](std::string& s) { s.resize(h + 3 * kSealedChunk); },
       "truncated: the file ends after 3 chunks, without its last chunk"},
      {"truncated inside the last chunk", [&](std::string& s) { s.resize(s.size() - 1); },
       auth0 + "3:"},
      {"truncated inside the header", [&](std::string& s) { s.resize(20); },
       "truncated: the file ends inside its header"},
      {"a full chunk appended", [&](std::string& s) { s += s.substr(h, kSealedChunk); },
       auth0 + "3:"},
      {"one byte appended", [&](std::string& s) { s.push_back('a'); }, auth0 + "3:"},
      {"chunks 0 and 1 swapped",
       [&](std::string& s) {
         std::string c0 = s.substr(h, kSealedChunk);
         s.replace(h, kSealedChunk, s.substr(h + kSealedChunk, kSealedChunk));
         s.replace(h + kSealedChunk, kSealedChunk, c0);
       },
       auth0 + "0:"},
      {"a chunk dropped", [&](std::string& s) { s.erase(h + kSealedChunk, kSealedChunk); },
       auth0 + "1:"},
  };
  for (const Tamper& t : cases) {
    SCOPED_TRACE(t.name);
    std::string changed = sealed;
    t.change(changed);
    Result<std::string> opened = Open(changed, &keys, 4096);
    ASSERT_FALSE(opened.ok());
    EXPECT_THAT(opened.status().message(), HasSubstr(t.expected));
    EXPECT_THAT(opened.status().message(), HasSubstr("decrypting contents of backup \"b1\": "));
  }
}

TEST(SealedStreamTest, AFileCutBeforeItsLastChunkWritesItsFullChunksButFailsAtClose) {
  // The contract callers rely on: only Close() says the file is whole.
  Keyring keys = Keys("k1", {{"k1", kKey1}});
  std::string sealed = Seal(Bytes(2 * kChunk + 5, 3), keys);
  sealed.resize(HeaderSize() + 2 * kSealedChunk);
  StringSink out;
  OpeningSink opener(out, &keys, "log of backup \"b1\"", false);
  ASSERT_TRUE(opener.Write(sealed).ok());
  Status closed = opener.Close();
  EXPECT_EQ(closed.code(), Code::kDataLoss);
  EXPECT_THAT(closed.message(), HasSubstr("decrypting log of backup \"b1\": truncated"));
}

TEST(SealedStreamTest, AnotherKeyUnderTheSameIdIsAnAuthenticationFailure) {
  Keyring writer = Keys("k1", {{"k1", kKey1}});
  Keyring reader = Keys("k1", {{"k1", kKey2}});
  Result<std::string> opened = Open(Seal("hello", writer), &reader);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Code::kDataLoss);
  EXPECT_THAT(
      opened.status().message(),
      HasSubstr("authentication failed for its data key (key ID \"k1\" from Secret "
                "\"heptio-ark/ark-encryption\"): the header was changed or the key is wrong"));
}

TEST(SealedStreamTest, AnUnknownKeyIdNamesTheIdAndTheSecret) {
  Keyring writer = Keys("old", {{"old", kKey1}});
  Keyring reader = Keys("new", {{"new", kKey2}, {"other", kKey1}});
  Result<std::string> opened = Open(Seal("hello", writer), &reader);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(opened.status().message(),
            "decrypting contents of backup \"b1\": encryption key ID \"old\" is not in Secret "
            "\"heptio-ark/ark-encryption\" (it holds: new, other)");
}

TEST(SealedStreamTest, WithoutKeysASealedFileNamesItsKeyId) {
  Keyring writer = Keys("k1", {{"k1", kKey1}});
  Result<std::string> opened = Open(Seal("hello", writer), nullptr, 0, true);
  ASSERT_FALSE(opened.ok());
  EXPECT_THAT(opened.status().message(),
              HasSubstr("encrypted with key ID \"k1\" but no encryption keys"));
}

TEST(SealedStreamTest, RotatedKeysOpenOldFiles) {
  Keyring before = Keys("k1", {{"k1", kKey1}});
  Keyring after = Keys("k2", {{"k1", kKey1}, {"k2", kKey2}});
  std::string old_file = Seal("old backup", before);
  std::string new_file = Seal("new backup", after);
  EXPECT_EQ(*Open(old_file, &after), "old backup");
  EXPECT_EQ(*Open(new_file, &after), "new backup");
  EXPECT_FALSE(Open(new_file, &before).ok());
}

TEST(SealedStreamTest, PlainFilesPassThroughWhenAllowed) {
  Keyring keys = Keys("k1", {{"k1", kKey1}});
  for (std::string plain :
       {std::string(), std::string("\x1f\x8b"), std::string("\x1f\x8b\x08 gzip bytes follow")}) {
    Result<std::string> opened = Open(plain, &keys, 3, true);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, plain);
    EXPECT_FALSE(Open(plain + "more than the magic", &keys, 0, false).ok());
  }
}

TEST(KeyringTest, RefusesKeysOfTheWrongSizeAndUnknownCurrentIds) {
  Keyring keys("Secret \"heptio-ark/keys\"");
  Status short_key = keys.Add("k1", "0123456789");
  EXPECT_EQ(
      short_key.message(),
      "encryption key \"k1\" in Secret \"heptio-ark/keys\" is 10 bytes; a key must be 32 random "
      "bytes (256 bits)");
  EXPECT_THAT(short_key.message(), ::testing::Not(HasSubstr("0123456789")));
  EXPECT_TRUE(keys.Add("k1", kKey1).ok());
  EXPECT_EQ(keys.SetCurrent("k2").message(),
            "encryption key ID \"k2\" is not in Secret \"heptio-ark/keys\" (it holds: k1)");
  Keyring empty("Secret \"heptio-ark/keys\"");
  StringSource source("x");
  auto sealer = SealingSource::Create(source, empty);
  EXPECT_EQ(sealer.status().code(), Code::kFailedPrecondition);
}

}  // namespace
}  // namespace ark::crypto
