#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace ark::kubesim {

// An HTTP request as the API layer sees it, independent of the HTTP library.
struct ApiRequest {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;    // without the query string
  std::map<std::string, std::string> query;
  std::string content_type;  // without parameters, lower case
  std::string accept;
  std::string authorization;
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
};

}  // namespace ark::kubesim
