#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "http/message.h"
#include "util/backoff.h"
#include "util/byte_stream.h"
#include "util/clock.h"
#include "util/result.h"

namespace ark::http {

// One try of a download, sent by the store that owns signing and error mapping: a GET of the
// object from byte `offset` on (with "Range: bytes=<offset>-" when offset > 0), pinned to
// `version` when it is not empty (If-Match: <ETag>, ifGenerationMatch=<generation>), its 2xx
// body streamed through `on_headers` and `on_body`. Returns OK once the body has ended, else
// the store's error (not retried by the store itself).
struct DownloadTry {
  int64_t offset = 0;
  std::string version;
  HeadersSink on_headers;
  BodySink on_body;
};

struct ResumeOptions {
  std::string what;            // "s3 GetObject ark/backups/b1/b1.tar.gz", for errors
  std::string version_header;  // the response header naming the version ("ETag")
  BackoffPolicy policy;
  const Clock* clock = nullptr;                  // required
  std::function<bool(const Status&)> retryable;  // required: transient failures
};

// Streams one object into `sink` (not closed) through tries of `send`. A try that fails
// (retryable) is followed, after the policy's backoff, by one for the bytes not yet written,
// pinned to the version whose bytes were written: the sink gets each byte once, in order,
// all of one version. Progress resets the policy's count and budget.
//
// Errors: the sink's own; the last try's when it is not retryable or the policy gives up
// (" (gave up after 4 tries over 3.1 s)"); DataLoss naming `what` when the object changed
// between tries (a 412, or a response of another version) or a resumed response starts
// elsewhere than asked -- the caller must then discard what the sink received.
Status DownloadResuming(const std::function<Status(const DownloadTry&)>& send, ByteSink& sink,
                        const ResumeOptions& options);

}  // namespace ark::http
