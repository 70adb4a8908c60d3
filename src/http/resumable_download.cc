#include "http/resumable_download.h"

#include <algorithm>
#include <charconv>

namespace ark::http {
namespace {

// The first byte of a Content-Range ("bytes 100-199/200"), -1 when it cannot be read.
int64_t RangeStart(const Headers& headers) {
  const std::string range = headers.Get("Content-Range").value_or("");
  constexpr std::string_view kUnit = "bytes ";
  if (range.rfind(kUnit, 0) != 0) return -1;
  int64_t start = -1;
  const char* begin = range.data() + kUnit.size();
  auto [end, ec] = std::from_chars(begin, range.data() + range.size(), start);
  return ec == std::errc() && end != begin && *end == '-' ? start : -1;
}

}  // namespace

Status DownloadResuming(const std::function<Status(const DownloadTry&)>& send, ByteSink& sink,
                        const ResumeOptions& options) {
  int64_t written = 0;
  std::string version;  // of the bytes written
  RetryBudget retries(options.policy, *options.clock);
  while (true) {
    Status sink_status;
    Status refused;        // a response that must not go into the sink
    int64_t skip = 0;      // bytes of a whole-object answer to a ranged request
    int64_t this_try = 0;  // bytes written by this try
    DownloadTry attempt;
    attempt.offset = written;
    if (written > 0) attempt.version = version;
    attempt.on_headers = [&](int status, const Headers& headers) {
      const std::string served = headers.Get(options.version_header).value_or("");
      if (written == 0) {
        version = served;
        return true;
      }
      if (!version.empty() && served != version) {
        refused = DataLoss(options.what + ": the object changed while it was downloaded (" +
                           options.version_header + " " + version + ", then " +
                           (served.empty() ? "none" : served) + "); " + std::to_string(written) +
                           " bytes of the old version were written");
        return false;
      }
      if (status == 200) {
        skip = written;  // the server sent the whole object: drop what the sink has
      } else if (RangeStart(headers) != written) {
        refused = DataLoss(options.what + ": asked for bytes from " + std::to_string(written) +
                           ", the response has Content-Range \"" +
                           headers.Get("Content-Range").value_or("") + "\"");
        return false;
      }
      return true;
    };
    attempt.on_body = [&](std::string_view chunk) {
      if (skip > 0) {
        const size_t drop = static_cast<size_t>(std::min<int64_t>(skip, chunk.size()));
        chunk.remove_prefix(drop);
        skip -= static_cast<int64_t>(drop);
        if (chunk.empty()) return true;
      }
      sink_status = sink.Write(chunk);
      if (!sink_status.ok()) return false;
      written += static_cast<int64_t>(chunk.size());
      this_try += static_cast<int64_t>(chunk.size());
      return true;
    };
    Status sent = send(attempt);
    if (!sink_status.ok()) return sink_status;
    if (!refused.ok()) return refused;
    if (sent.ok()) return Status::Ok();
    if (written > 0 && sent.http_status() == 412) {
      return DataLoss(options.what + ": the object changed while it was downloaded (" +
                      options.version_header + " " + version + " no longer matches); " +
                      std::to_string(written) + " bytes of the old version were written");
    }
    if (!options.retryable(sent)) return sent;
    if (this_try > 0) retries.Reset();
    if (!retries.Wait()) return retries.GaveUp(sent);
  }
}

}  // namespace ark::http
