// LIST and WATCH of ApiServer: pagination with continue tokens, selectors, tables, and
// chunked watch streams served from the WatchHub.
#include <deque>
#include <optional>

#include "kubesim/api_server.h"
#include "kubesim/table.h"
#include "util/base64.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

constexpr const char* kContinueExpired =
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this "
    "response to retrieve the remainder of the results. Continuing with the provided token "
    "results in an inconsistent list - objects that were created, modified, or deleted "
    "between the time the first chunk was returned and now may show up in the list.";

int64_t MillisSinceEpoch(Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// The list item form of a stored object: built-in kinds without apiVersion/kind.
void AppendItem(const ResourceInfo& r, const Store::Entry& e, std::string* out) {
  if (r.custom) {
    const std::string& full = *e.full;
    std::string want = "{\"apiVersion\":\"" + r.ApiVersion() + "\"";
    if (full.compare(0, want.size(), want) == 0) {
      out->append(full);
    } else {
      json obj = json::parse(full);
      obj["apiVersion"] = r.ApiVersion();
      out->append(obj.dump());
    }
    return;
  }
  out->push_back('{');
  out->append(*e.full, e.prefix_len, std::string::npos);
}

std::string EventLine(const std::string& type, const std::string& object) {
  std::string line = "{\"type\":\"" + type + "\",\"object\":";
  line += object;
  line += "}\n";
  return line;
}

class WatchStream : public ResponseStream {
 public:
  WatchStream(WatchHub& hub, Store& store, ResourceInfo r, std::string ns, LabelSelector labels,
              FieldSelector fields, uint64_t from_rv, std::deque<std::string> initial,
              Clock::TimePoint deadline, bool bookmarks, std::chrono::milliseconds bookmark_every,
              const Clock& clock)
      : hub_(hub),
        store_(store),
        r_(std::move(r)),
        ns_(std::move(ns)),
        labels_(std::move(labels)),
        fields_(std::move(fields)),
        last_rv_(from_rv),
        initial_(std::move(initial)),
        deadline_(deadline),
        bookmarks_(bookmarks),
        bookmark_every_(bookmark_every),
        clock_(clock),
        last_sent_(clock.Now()) {}

  bool Next(std::chrono::milliseconds max_wait, std::string* chunk) override {
    if (done_) return false;
    if (!initial_.empty()) {
      while (!initial_.empty()) {
        chunk->append(initial_.front());
        initial_.pop_front();
      }
      last_sent_ = clock_.Now();
      return true;
    }
    auto now = clock_.Now();
    if (now >= deadline_ || hub_.shut_down()) {
      done_ = true;
      return false;
    }
    auto wait = std::min<std::chrono::milliseconds>(
        max_wait, std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now));
    std::vector<WatchEvent> events;
    uint64_t oldest = 0;
    if (!hub_.EventsAfter(last_rv_, wait, &events, &oldest)) {
      json status = ApiError{410, "Expired",
                             "too old resource version: " + std::to_string(last_rv_) + " (" +
                                 std::to_string(oldest) + ")",
                             nullptr}
                        .ToStatus();
      chunk->append(EventLine("ERROR", status.dump()));
      done_ = true;
      return true;
    }
    const std::string skey = r_.StorageKey();
    for (const WatchEvent& ev : events) {
      last_rv_ = ev.rv;
      if (ev.storage_key != skey) continue;
      if (!ns_.empty() && ev.ns != ns_) continue;
      if (!fields_.Matches(ev.ns, ev.name) || !labels_.Matches(*ev.labels)) continue;
      std::string object = *ev.object;
      if (r_.custom) {
        std::string want = "{\"apiVersion\":\"" + r_.ApiVersion() + "\"";
        if (object.compare(0, want.size(), want) != 0) {
          json obj = json::parse(object);
          obj["apiVersion"] = r_.ApiVersion();
          object = obj.dump();
        }
      }
      chunk->append(EventLine(ev.type, object));
    }
    now = clock_.Now();
    if (!chunk->empty()) {
      last_sent_ = now;
    } else if (bookmarks_ && now - last_sent_ >= bookmark_every_) {
      json bm = {{"kind", r_.kind},
                 {"apiVersion", r_.ApiVersion()},
                 {"metadata",
                  {{"resourceVersion", std::to_string(std::max(last_rv_, store_.CurrentRv()))},
                   {"creationTimestamp", nullptr}}}};
      chunk->append(EventLine("BOOKMARK", bm.dump()));
      last_sent_ = now;
    }
    return true;
  }

 private:
  WatchHub& hub_;
  Store& store_;
  const ResourceInfo r_;
  const std::string ns_;
  const LabelSelector labels_;
  const FieldSelector fields_;
  uint64_t last_rv_;
  std::deque<std::string> initial_;
  const Clock::TimePoint deadline_;
  const bool bookmarks_;
  const std::chrono::milliseconds bookmark_every_;
  const Clock& clock_;
  Clock::TimePoint last_sent_;
  bool done_ = false;
};

}  // namespace

ApiResponse ApiServer::List(const ApiRequest& req, const Route& route, const ResourceInfo& r) {
  LabelSelector labels;
  FieldSelector fields;
  std::string error;
  if (!LabelSelector::Parse(req.Query("labelSelector"), &labels, &error) ||
      !FieldSelector::Parse(req.Query("fieldSelector"), &fields, &error)) {
    return ErrorResponse(BadRequestError(error));
  }
  Store::ListOptions opts;
  opts.ns = r.namespaced ? route.ns : "";
  opts.labels = labels.empty() ? nullptr : &labels;
  opts.fields = &fields;
  std::string limit = req.Query("limit");
  if (!limit.empty()) {
    char* end = nullptr;
    long long n = std::strtoll(limit.c_str(), &end, 10);
    if (*end != '\0' || n < 0)
      return ErrorResponse(BadRequestError("invalid limit \"" + limit + "\""));
    opts.limit = static_cast<size_t>(n);
  }
  std::string cont = req.Query("continue");
  if (!cont.empty()) {
    std::optional<std::string> raw = Base64Decode(cont);
    json token;
    if (!raw || (token = json::parse(*raw, nullptr, false)).is_discarded() || !token.is_object() ||
        !token.contains("start") || !token["start"].is_string()) {
      return ErrorResponse(
          BadRequestError("continue key is not valid: incorrect encoded start resourceVersion "
                          "(version meta.k8s.io/v1)"));
    }
    int64_t issued = token.value("t", int64_t{0});
    if (options_.compaction_window.count() > 0 &&
        MillisSinceEpoch(clock_.Now()) - issued >
            std::chrono::duration_cast<std::chrono::milliseconds>(options_.compaction_window)
                .count()) {
      return ErrorResponse(GoneError(kContinueExpired));
    }
    opts.start_after = token["start"];
  }
  // As an API server does: remainingItemCount only where no selector makes it unknowable.
  opts.count_remaining = labels.empty() && req.Query("fieldSelector").empty();
  Store::ListPage page = objects_.store().List(r.StorageKey(), opts);
  std::string next;
  if (!page.last_key.empty()) {
    json token = {{"v", "meta.k8s.io/v1"},
                  {"rv", page.rv},
                  {"start", page.last_key},
                  {"t", MillisSinceEpoch(clock_.Now())}};
    next = Base64Encode(token.dump());
  }
  std::string rv = std::to_string(page.rv);
  if (WantsTable(req.accept)) {
    std::vector<json> objs;
    objs.reserve(page.items.size());
    for (const Store::Entry& e : page.items) objs.push_back(json::parse(*e.full));
    return JsonResponse(200, ToTable(r, objs, clock_.Now(), rv, next));
  }
  ApiResponse resp;
  std::string& body = resp.body;
  size_t size = 128;
  for (const Store::Entry& e : page.items) size += e.full->size() + 1;
  body.reserve(size);
  body += "{\"kind\":\"" + r.kind + "List\",\"apiVersion\":\"" + r.ApiVersion() +
          "\",\"metadata\":{\"resourceVersion\":\"" + rv + "\"";
  if (!next.empty()) body += ",\"continue\":\"" + next + "\"";
  if (!next.empty() && opts.count_remaining) {
    body += ",\"remainingItemCount\":" + std::to_string(page.remaining);
  }
  body += "},\"items\":[";
  bool first = true;
  for (const Store::Entry& e : page.items) {
    if (!first) body.push_back(',');
    first = false;
    AppendItem(r, e, &body);
  }
  body += "]}";
  return resp;
}

ApiResponse ApiServer::Watch(const ApiRequest& req, const Route& route, const ResourceInfo& r) {
  LabelSelector labels;
  FieldSelector fields;
  std::string error;
  if (!LabelSelector::Parse(req.Query("labelSelector"), &labels, &error) ||
      !FieldSelector::Parse(req.Query("fieldSelector"), &fields, &error)) {
    return ErrorResponse(BadRequestError(error));
  }
  std::string ns = r.namespaced ? route.ns : "";
  auto timeout = std::chrono::seconds(1800);
  std::string ts = req.Query("timeoutSeconds");
  if (!ts.empty()) {
    char* end = nullptr;
    long long n = std::strtoll(ts.c_str(), &end, 10);
    if (*end != '\0' || n < 0)
      return ErrorResponse(BadRequestError("invalid timeoutSeconds \"" + ts + "\""));
    if (n > 0) timeout = std::chrono::seconds(n);
  }
  std::string rv_text = req.Query("resourceVersion");
  uint64_t from = 0;
  std::deque<std::string> initial;
  if (rv_text.empty() || rv_text == "0") {
    // Synthetic ADDED events for the current state, then changes after it.
    Store::ListOptions opts;
    opts.ns = ns;
    opts.labels = &labels;
    opts.fields = &fields;
    Store::ListPage page = objects_.store().List(r.StorageKey(), opts);
    for (const Store::Entry& e : page.items) {
      std::string obj;
      if (r.custom) {
        AppendItem(r, e, &obj);
      } else {
        obj = *e.full;
      }
      initial.push_back(EventLine("ADDED", obj));
    }
    from = page.rv;
  } else {
    from = ParseRv(rv_text);
    if (from == 0) {
      return ErrorResponse(BadRequestError("invalid resource version \"" + rv_text + "\""));
    }
  }
  bool bookmarks =
      req.Query("allowWatchBookmarks") == "true" || req.Query("allowWatchBookmarks") == "1";
  ApiResponse resp;
  // Not plain "application/json": the HTTP layer must not gzip (and so buffer) a stream.
  resp.content_type = "application/json;stream=watch";
  resp.stream = std::make_shared<WatchStream>(hub_, objects_.store(), r, ns, labels, fields, from,
                                              std::move(initial), clock_.Now() + timeout, bookmarks,
                                              options_.bookmark_interval, clock_);
  return resp;
}

}  // namespace ark::kubesim
