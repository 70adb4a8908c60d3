#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "crypto/keyring.h"
#include "crypto/opening_sink.h"
#include "util/byte_stream.h"

namespace ark::cli {

// What a download writes into: the bytes as they come when the file is not sealed, its
// plaintext when it is (an encrypted backup's tarball, log, manifest or restore files). The
// keys are asked for (`load_keys`: the Config and its Secret, read with the user's
// kubeconfig) only when the first bytes show a sealed file, so users of unencrypted stores
// need no access to any Secret. Close() checks the sealed file's end and does not close `out`;
// nothing may act on `out` before it returned OK. Not thread-safe.
class SealedDownloadSink final : public ByteSink {
 public:
  using KeyLoader = std::function<Result<std::shared_ptr<const crypto::Keyring>>()>;
  // `what` names the file in errors: "contents of backup \"b1\"".
  SealedDownloadSink(ByteSink& out, std::string what, KeyLoader load_keys);

  Status Write(std::string_view data) override;
  Status Close() override;

 private:
  Status Decide(bool at_end);

  ByteSink& out_;
  std::string what_;
  KeyLoader load_keys_;
  std::string head_;  // the first bytes, until they say sealed or not
  bool plain_ = false;
  std::shared_ptr<const crypto::Keyring> keys_;
  std::unique_ptr<crypto::OpeningSink> opener_;
};

// "contents of backup \"b1\"" for DownloadRequest kind BackupContents and name b1.
std::string DownloadWhat(const std::string& kind, const std::string& name);

}  // namespace ark::cli
