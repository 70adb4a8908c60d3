#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ark::http {

// Header names compare case-insensitively; order is kept.
class Headers {
 public:
  void Add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every header of that name.
  void Set(std::string name, std::string value);
  std::optional<std::string> Get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Called with each piece of a response body as it arrives; return false to stop reading
// (the request then ends with a Cancelled status).
using BodySink = std::function<bool(std::string_view chunk)>;
// Called once with a 2xx response's status and headers before its first body byte goes to
// the BodySink; return false to stop (the request then ends with a Cancelled status). A
// resumed download checks here that it is served the version it began with.
using HeadersSink = std::function<bool(int status, const Headers& headers)>;
// Fills `buf` with up to `size` bytes of a request body; returns the count, 0 at the end,
// or -1 to abort the upload.
using BodySource = std::function<long(char* buf, size_t size)>;

struct Request {
  std::string method = "GET";
  std::string url;  // absolute: scheme://host[:port]/path?query
  Headers headers;
  std::string body;        // used when body_source is empty
  BodySource body_source;  // streaming upload
  int64_t body_size = -1;  // length of body_source's data; -1 = chunked
  // Streaming download of a 2xx response's body; the Response body then stays empty. The
  // body of any other status is kept in Response::body (an error document, small).
  BodySink on_body;
  HeadersSink on_headers;                // with on_body only
  std::chrono::milliseconds timeout{0};  // whole request; 0 = the client's default
  // Optional: a string whose memory the response body is read into (it is moved into
  // Response::body and cleared). A caller reading page after page of a large list passes
  // the previous page's buffer, so the body does not land in freshly faulted pages each time.
  std::string* body_storage = nullptr;
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;  // empty when the request streamed it to on_body
};

}  // namespace ark::http
