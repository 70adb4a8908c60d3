#include "cli/sealed_download.h"

#include "crypto/sealed_format.h"

namespace ark::cli {

SealedDownloadSink::SealedDownloadSink(ByteSink& out, std::string what, KeyLoader load_keys)
    : out_(out), what_(std::move(what)), load_keys_(std::move(load_keys)) {}

Status SealedDownloadSink::Decide(bool at_end) {
  if (head_.size() < crypto::kSealedMagic.size() && !at_end) return Status::Ok();
  if (!crypto::LooksSealed(head_)) {
    plain_ = true;
    return out_.Write(head_);
  }
  Result<std::shared_ptr<const crypto::Keyring>> keys = load_keys_();
  if (!keys.ok()) {
    return Status(keys.status().code(),
                  "cannot decrypt the " + what_ + " (it is encrypted): " + keys.status().message());
  }
  keys_ = std::move(*keys);
  opener_ =
      std::make_unique<crypto::OpeningSink>(out_, keys_.get(), what_, /*plain_allowed=*/false);
  return opener_->Write(head_);
}

Status SealedDownloadSink::Write(std::string_view data) {
  if (plain_) return out_.Write(data);
  if (opener_) return opener_->Write(data);
  head_.append(data);
  return Decide(/*at_end=*/false);
}

Status SealedDownloadSink::Close() {
  if (plain_) return Status::Ok();
  if (!opener_) ARK_RETURN_IF_ERROR(Decide(/*at_end=*/true));
  return opener_ ? opener_->Close() : Status::Ok();
}

std::string DownloadWhat(const std::string& kind, const std::string& name) {
  if (kind == "BackupContents") return "contents of backup \"" + name + "\"";
  if (kind == "BackupLog") return "log of backup \"" + name + "\"";
  if (kind == "RestoreLog") return "log of restore \"" + name + "\"";
  if (kind == "RestoreResults") return "results of restore \"" + name + "\"";
  return kind + " of \"" + name + "\"";
}

}  // namespace ark::cli
