// What the CLI writes from a download: unsealed files as they come without asking for keys,
// sealed ones opened, and a clear error when the keys cannot be read.
#include "cli/sealed_download.h"

#include <gtest/gtest.h>

#include "crypto/sealing_source.h"

namespace ark::cli {
namespace {

std::shared_ptr<const crypto::Keyring> Keys() {
  auto keys = std::make_shared<crypto::Keyring>("Secret \"heptio-ark/ark-encryption\"");
  EXPECT_TRUE(keys->Add("k1", std::string(32, 'x')).ok());
  EXPECT_TRUE(keys->SetCurrent("k1").ok());
  return keys;
}

std::string Sealed(const std::string& plain) {
  StringSource source(plain);
  auto sealer = crypto::SealingSource::Create(source, *Keys());
  EXPECT_TRUE(sealer.ok());
  StringSink out;
  EXPECT_TRUE(Copy(**sealer, out).ok());
  return out.Take();
}

Status Feed(SealedDownloadSink& sink, const std::string& bytes) {
  for (size_t at = 0; at < bytes.size(); at += 5)
    ARK_RETURN_IF_ERROR(sink.Write(std::string_view(bytes).substr(at, 5)));
  return sink.Close();
}

TEST(SealedDownloadTest, UnsealedFilesPassWithoutAskingForKeys) {
  for (const std::string& plain :
       {std::string(), std::string("\x1f\x8b"), std::string("\x1f\x8b\x08 a gzip file")}) {
    StringSink out;
    int asked = 0;
    SealedDownloadSink sink(out, DownloadWhat("BackupLog", "b1"),
                            [&]() -> Result<std::shared_ptr<const crypto::Keyring>> {
                              ++asked;
                              return Keys();
                            });
    ASSERT_TRUE(Feed(sink, plain).ok());
    EXPECT_EQ(out.str(), plain);
    EXPECT_EQ(asked, 0);
  }
}

TEST(SealedDownloadTest, SealedFilesAreOpenedWithTheLoadedKeys) {
  StringSink out;
  SealedDownloadSink sink(out, DownloadWhat("BackupContents", "b1"), [] { return Result(Keys()); });
  ASSERT_TRUE(Feed(sink, Sealed("the tarball")).ok());
  EXPECT_EQ(out.str(), "the tarball");
}

TEST(SealedDownloadTest, KeysThatCannotBeReadAreAClearError) {
  StringSink out;
  SealedDownloadSink sink(
      out, DownloadWhat("RestoreResults", "b1-1"),
      []() -> Result<std::shared_ptr<const crypto::Keyring>> {
        return PermissionDenied(
            "encryption.keySecret: cannot read Secret \"heptio-ark/ark-encryption\": secrets "
            "\"ark-encryption\" is forbidden");
      });
  Status s = Feed(sink, Sealed("results"));
  EXPECT_EQ(s.code(), Code::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "cannot decrypt the results of restore \"b1-1\" (it is encrypted): "
            "encryption.keySecret: cannot read "
            "Secret \"heptio-ark/ark-encryption\": secrets \"ark-encryption\" is forbidden");
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace ark::cli
