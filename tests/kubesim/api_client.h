#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "support/kubesim.h"

namespace ark::kubesim::testing {

// One HTTP answer with its body parsed as JSON (null when it is not JSON).
struct Reply {
  int status = 0;
  std::string body;
  nlohmann::json json;
  std::string content_type;
};

// A raw HTTP client for kubesim (cpp-httplib), with the server's token and CA.
class ApiClient {
 public:
  explicit ApiClient(const ark::testing::Kubesim& sim, bool with_token = true);

  Reply Get(const std::string& path, const std::string& accept = "application/json");
  Reply Post(const std::string& path, const nlohmann::json& body);
  Reply Put(const std::string& path, const nlohmann::json& body);
  Reply Patch(const std::string& path, const std::string& content_type, const std::string& body);
  Reply Delete(const std::string& path, const std::string& body = "");
  // Sends a request with an arbitrary content type and raw body.
  Reply Send(const std::string& method, const std::string& path, const std::string& content_type,
             const std::string& body);
  // Streams a watch: calls on_line for every JSON line until it returns false or the server
  // ends the response. Returns the HTTP status.
  int Watch(const std::string& path, const std::function<bool(const nlohmann::json&)>& on_line);

 private:
  httplib::Headers Headers(const std::string& accept = "application/json") const;
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
};

}  // namespace ark::kubesim::testing
