#include "kube/watcher.h"

#include "kube/list_pager.h"
#include "kube/resource_path.h"
#include "kube/status_mapping.h"
#include "util/percent_encode.h"

namespace ark::kube {
namespace {

constexpr int kMaxConsecutiveFailures = 6;

// Splits a byte stream into lines and hands each complete one over.
class LineSplitter {
 public:
  template <typename F>
  bool Feed(std::string_view chunk, F&& on_line) {
    buffer_.append(chunk);
    size_t start = 0;
    bool keep_going = true;
    while (keep_going) {
      size_t nl = buffer_.find('\n', start);
      if (nl == std::string::npos) break;
      std::string_view line(buffer_.data() + start, nl - start);
      start = nl + 1;
      if (!line.empty()) keep_going = on_line(line);
    }
    buffer_.erase(0, start);
    return keep_going;
  }
  std::string& rest() { return buffer_; }

 private:
  std::string buffer_;
};

}  // namespace

Watcher::Watcher(RestClient& rest, const GroupVersionResource& gvr, std::string_view ns,
                 const WatchOptions& options)
    : rest_(rest),
      gvr_(gvr),
      ns_(ns),
      options_(options),
      collection_path_(CollectionPath(gvr, ns)),
      resource_version_(options.resource_version) {}

std::string Watcher::StreamUrl() const {
  std::string url = *collection_path_ + "?watch=true";
  if (!resource_version_.empty()) url += "&resourceVersion=" + PercentEncode(resource_version_);
  if (options_.allow_bookmarks) url += "&allowWatchBookmarks=true";
  if (options_.timeout_seconds > 0) {
    url += "&timeoutSeconds=" + std::to_string(options_.timeout_seconds);
  }
  if (!options_.label_selector.empty()) {
    url += "&labelSelector=" + PercentEncode(options_.label_selector);
  }
  if (!options_.field_selector.empty()) {
    url += "&fieldSelector=" + PercentEncode(options_.field_selector);
  }
  return url;
}

Status Watcher::Relist(const std::function<bool(WatchEvent& event)>& on_event, bool* stopped) {
  ListOptions list_options;
  list_options.label_selector = options_.label_selector;
  list_options.field_selector = options_.field_selector;
  std::string list_version;
  Status status = ListPager(rest_, gvr_, ns_, list_options).Run([&](ListPage& page) {
    list_version = page.resource_version;
    for (Json& item : page.items) {
      WatchEvent event{"ADDED", std::move(item)};
      if (!on_event(event)) {
        *stopped = true;
        return Cancelled("watch stopped by the reader");
      }
    }
    return Status::Ok();
  });
  if (*stopped) return Status::Ok();
  ARK_RETURN_IF_ERROR(status);
  resource_version_ = list_version;
  return Status::Ok();
}

Status Watcher::Run(const std::function<bool(WatchEvent& event)>& on_event) {
  ARK_RETURN_IF_ERROR(collection_path_.status());
  int failures = 0;
  while (true) {
    bool stopped = false;
    Status event_error;
    LineSplitter lines;
    auto on_line = [&](std::string_view line) {
      Json doc = Json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (doc.is_discarded() || !doc.is_object()) {
        event_error = Internal("watch " + gvr_.GroupResource() + ": an event is not JSON");
        return false;
      }
      WatchEvent event;
      event.type = doc.value("type", "");
      auto object = doc.find("object");
      if (object != doc.end()) event.object = std::move(*object);
      if (event.type == "ERROR") {
        const Json& s = event.object;
        event_error = StatusFromParts(
            s.is_object() ? s.value("code", 500) : 500, s.is_object() ? s.value("reason", "") : "",
            s.is_object() ? s.value("message", "") : "", "watch " + gvr_.GroupResource());
        return false;
      }
      if (event.object.is_object()) {
        auto meta = event.object.find("metadata");
        if (meta != event.object.end() && meta->is_object()) {
          auto rv = meta->find("resourceVersion");
          if (rv != meta->end() && rv->is_string()) resource_version_ = rv->get<std::string>();
        }
      }
      if (!on_event(event)) {
        stopped = true;
        return false;
      }
      return true;
    };
    http::Request request;
    request.url = StreamUrl();
    // The server ends the stream; the transport must not cut it first.
    request.timeout = options_.timeout_seconds > 0
                          ? std::chrono::seconds(options_.timeout_seconds + 60)
                          : std::chrono::hours(24);
    request.on_body = [&](std::string_view chunk) { return lines.Feed(chunk, on_line); };
    Result<http::Response> response = rest_.Do(std::move(request), /*idempotent=*/true);
    if (stopped) return Status::Ok();
    if (response.ok() && event_error.ok() && !lines.rest().empty()) {
      lines.Feed("\n", on_line);  // a last event without its newline
      if (stopped) return Status::Ok();
    }
    Status error = !event_error.ok() ? event_error : response.status();
    if (error.ok()) {
      failures = 0;
      continue;  // the server ended the stream: resume from resource_version_
    }
    if (error.code() == Code::kGone) {
      ARK_RETURN_IF_ERROR(Relist(on_event, &stopped));
      if (stopped) return Status::Ok();
      failures = 0;
      continue;
    }
    const bool transient =
        error.code() == Code::kUnavailable || error.code() == Code::kDeadlineExceeded;
    if (transient && ++failures < kMaxConsecutiveFailures) {
      rest_.clock().SleepFor(std::chrono::milliseconds(200 * failures));
      continue;
    }
    return error;
  }
}

}  // namespace ark::kube
