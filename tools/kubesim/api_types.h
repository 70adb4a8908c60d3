#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ark::kubesim {

// An HTTP request as the API layer sees it, independent of the HTTP library.
struct ApiRequest {
  std::string method;                        // GET, POST, PUT, PATCH, DELETE
  std::string path;                          // without the query string
  std::map<std::string, std::string> query;  // the first value of each parameter
  // Every parameter in request order, repeated ones included (pods/exec's `command`).
  std::vector<std::pair<std::string, std::string>> query_all;
  std::string content_type;  // without parameters, lower case
  std::string accept;
  std::string authorization;
  // WebSocket upgrade headers (RFC 6455), "" when absent.
  std::string connection;
  std::string upgrade;
  std::string websocket_key;
  std::string websocket_protocol;
  std::string body;

  std::string Query(const std::string& key) const {
    auto it = query.find(key);
    return it == query.end() ? "" : it->second;
  }
};

// A streamed response (watch): Next() blocks up to `max_wait` and appends the next chunk
// (possibly nothing) to `*chunk`; it returns false once the stream has ended.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  virtual bool Next(std::chrono::milliseconds max_wait, std::string* chunk) = 0;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::shared_ptr<ResponseStream> stream;  // set instead of `body` for watches
  // Further headers (a 101 answer's Upgrade, Connection, Sec-WebSocket-*). With status 101
  // the body is written raw after the headers: the WebSocket frames.
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace ark::kubesim
