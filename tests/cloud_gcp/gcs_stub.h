#pragma once

#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "stub.h"

namespace ark::testing {

// An in-memory GCS JSON API (storage/v1) written from Google's reference, for the requests
// ark makes: objects.insert (uploadType=media and resumable with 308 Resume Incomplete),
// objects.get (metadata, alt=media), objects.list (prefix, delimiter, pageToken; pages of
// `page_size` items), objects.delete. With `token` set, every request must carry
// "Authorization: Bearer <token>" (401 otherwise). A GET of /<bucket>/<object> with a V4
// signed query (X-Goog-Algorithm=GOOG4-RSA-SHA256 ... X-Goog-Signature, as Google's "V4
// signing process" describes) is served when the signature verifies with `signer`'s public
// half and the URL has not expired; otherwise 403 SignatureDoesNotMatch / ExpiredToken.
class GcsStub {
 public:
  explicit GcsStub(StubServer& server, std::string token = "", const TestRsaKey* signer = nullptr)
      : GcsStub(
            server,
            token.empty() ? std::function<bool(const std::string&)>()
                          : [token](const std::string& t) { return t == token; },
            signer) {}
  // Requests must carry a bearer token `accept_token` accepts (any request when it is empty).
  GcsStub(StubServer& server, std::function<bool(const std::string&)> accept_token,
          const TestRsaKey* signer)
      : accept_token_(std::move(accept_token)), signer_(signer) {
    auto& s = server.server();
    s.Post(R"(/upload/storage/v1/b/([^/]+)/o)",
           [this, &server](const httplib::Request& req, httplib::Response& res) {
             if (!Admit(req, res)) return;
             std::string bucket = req.matches[1];
             std::string name = req.get_param_value("name");
             if (name.empty()) return Error(res, 400, "required", "Required parameter: name");
             std::lock_guard<std::mutex> lock(mu_);
             if (req.get_param_value("uploadType") == "media") {
               objects_[bucket][name] = req.body;
               ++generations_[bucket + "/" + name];
               res.set_content(nlohmann::json{{"bucket", bucket}, {"name", name}}.dump(),
                               "application/json");
             } else if (req.get_param_value("uploadType") == "resumable") {
               std::string id = "upload-" + std::to_string(++next_upload_);
               sessions_[id] = Session{bucket, name, ""};
               res.set_header("Location", server.url() + "/upload/storage/v1/b/" + bucket +
                                              "/o?uploadType=resumable&upload_id=" + id);
             } else {
               Error(res, 400, "invalid", "bad uploadType");
             }
           });
    s.Put(R"(/upload/storage/v1/b/([^/]+)/o)",
          [this](const httplib::Request& req, httplib::Response& res) {
            if (!Admit(req, res)) return;
            std::lock_guard<std::mutex> lock(mu_);
            auto it = sessions_.find(req.get_param_value("upload_id"));
            if (it == sessions_.end()) return Error(res, 404, "notFound", "No such upload");
            Session& session = it->second;
            // Content-Range: bytes <first>-<last>/<total or *>, or bytes */<total>
            std::string range = req.get_header_value("Content-Range");
            content_ranges_.push_back(range);
            if (range.rfind("bytes ", 0) != 0)
              return Error(res, 400, "invalid", "bad Content-Range");
            std::string spec = range.substr(6);
            std::string total = spec.substr(spec.find('/') + 1);
            if (spec[0] != '*') {
              long first = std::stol(spec.substr(0, spec.find('-')));
              if (first != static_cast<long>(session.data.size())) {
                return Error(res, 400, "invalid", "chunk does not continue the upload");
              }
              session.data += req.body;
            }
            if (total != "*" && std::stol(total) == static_cast<long>(session.data.size())) {
              objects_[session.bucket][session.name] = session.data;
              ++generations_[session.bucket + "/" + session.name];
              res.set_content(nlohmann::json{{"name", session.name}}.dump(), "application/json");
              sessions_.erase(it);
              return;
            }
            res.status = 308;
            if (!session.data.empty())
              res.set_header("Range", "bytes=0-" + std::to_string(session.data.size() - 1));
          });
    s.Get(R"(/storage/v1/b/([^/]+)/o/(.+))",
          [this](const httplib::Request& req, httplib::Response& res) {
            if (!Admit(req, res)) return;
            std::lock_guard<std::mutex> lock(mu_);
            auto data = Find(req.matches[1], req.matches[2]);
            if (!data)
              return Error(res, 404, "notFound", "No such object: " + std::string(req.matches[2]));
            if (req.get_param_value("alt") == "media") {
              // Each write makes a new generation; a download names it in x-goog-generation and
              // may insist on one (ifGenerationMatch); a Range header gets 206 (cpp-httplib).
              const std::string generation = std::to_string(
                  generations_[std::string(req.matches[1]) + "/" + std::string(req.matches[2])]);
              media_ranges_.push_back(req.get_header_value("Range"));
              if (req.has_param("ifGenerationMatch") &&
                  req.get_param_value("ifGenerationMatch") != generation) {
                // cpp-httplib would apply the Range to the error body too (and answer 416).
                const_cast<httplib::Request&>(req).ranges.clear();
                return Error(res, 412, "conditionNotMet",
                             "At least one of the pre-conditions you specified did not hold.");
              }
              res.set_header("x-goog-generation", generation);
              res.set_content(*data, "application/octet-stream");
            } else {
              res.set_content(nlohmann::json{{"name", std::string(req.matches[2])},
                                             {"size", std::to_string(data->size())}}
                                  .dump(),
                              "application/json");
            }
          });
    s.Delete(R"(/storage/v1/b/([^/]+)/o/(.+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               if (!Admit(req, res)) return;
               std::lock_guard<std::mutex> lock(mu_);
               if (!objects_[req.matches[1]].erase(req.matches[2])) {
                 return Error(res, 404, "notFound", "No such object");
               }
               res.status = 204;
             });
    s.Get(R"(/storage/v1/b/([^/]+)/o)", [this](const httplib::Request& req,
                                               httplib::Response& res) {
      if (!Admit(req, res)) return;
      std::lock_guard<std::mutex> lock(mu_);
      ++list_pages_;
      std::string prefix = req.get_param_value("prefix");
      std::string delimiter = req.get_param_value("delimiter");
      // Entries in name order: objects, and prefixes rolled up at the delimiter.
      std::map<std::string, bool> entries;  // name -> is prefix
      for (const auto& [name, data] : objects_[req.matches[1]]) {
        if (name.rfind(prefix, 0) != 0) continue;
        size_t d = delimiter.empty() ? std::string::npos : name.find(delimiter, prefix.size());
        if (d == std::string::npos) {
          entries[name] = false;
        } else {
          entries[name.substr(0, d + delimiter.size())] = true;
        }
      }
      size_t start = req.has_param("pageToken") ? std::stoul(req.get_param_value("pageToken")) : 0;
      nlohmann::json doc = {{"kind", "storage#objects"}};
      size_t i = 0;
      for (const auto& [name, is_prefix] : entries) {
        if (i >= start && i < start + page_size) {
          if (is_prefix)
            doc["prefixes"].push_back(name);
          else
            doc["items"].push_back({{"name", name}});
        }
        ++i;
      }
      if (start + page_size < entries.size())
        doc["nextPageToken"] = std::to_string(start + page_size);
      res.set_content(doc.dump(), "application/json");
    });
    // Signed URLs use the XML API's path style; the JSON API's own paths never match.
    s.Get(R"(/(?!storage/|upload/)([^/]+)/(.+))",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::string why = CheckSignature(req);
            if (!why.empty()) {
              res.status = 403;
              res.set_content(
                  "<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + why + "</Code></Error>",
                  "application/xml");
              return;
            }
            std::lock_guard<std::mutex> lock(mu_);
            auto data = Find(req.matches[1], req.matches[2]);
            if (!data) {
              res.status = 404;
              res.set_content(
                  "<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code></Error>",
                  "application/xml");
              return;
            }
            ++signed_downloads_;
            res.set_content(*data, "application/octet-stream");
          });
  }

  void Put(const std::string& bucket, const std::string& name, const std::string& data) {
    std::lock_guard<std::mutex> lock(mu_);
    objects_[bucket][name] = data;
    ++generations_[bucket + "/" + name];
  }
  std::optional<std::string> Get(const std::string& bucket, const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    return Find(bucket, name);
  }
  // The objects of `bucket` whose names start with `prefix`, name -> bytes.
  std::map<std::string, std::string> Objects(const std::string& bucket, const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mu_);
    std::map<std::string, std::string> out;
    for (const auto& [name, data] : objects_[bucket]) {
      if (name.rfind(prefix, 0) == 0) out[name] = data;
    }
    return out;
  }
  // The next `n` requests fail with `status` (429 or 503), before any other check.
  void FailNext(int n, int status) {
    fail_next_ = n;
    fail_status_ = status;
  }
  std::vector<std::string> content_ranges() {
    std::lock_guard<std::mutex> lock(mu_);
    return content_ranges_;
  }
  int list_pages() { return list_pages_.load(); }
  // The Range header of each media download ("" when it had none), in order.
  std::vector<std::string> media_ranges() {
    std::lock_guard<std::mutex> lock(mu_);
    return media_ranges_;
  }
  // Objects served through a signed URL whose signature verified.
  int signed_downloads() { return signed_downloads_.load(); }
  int unauthorized() { return unauthorized_.load(); }
  std::vector<std::string> authorizations() {
    std::lock_guard<std::mutex> lock(mu_);
    return authorizations_;
  }

  size_t page_size = 2;

 private:
  struct Session {
    std::string bucket, name, data;
  };

  static void Error(httplib::Response& res, int status, const std::string& reason,
                    const std::string& message) {
    res.status = status;
    res.set_content(GoogleError(status, reason, message), "application/json");
  }

  bool Admit(const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      authorizations_.push_back(req.get_header_value("Authorization"));
    }
    if (fail_next_.load() > 0) {
      --fail_next_;
      Error(res, fail_status_, fail_status_ == 429 ? "rateLimitExceeded" : "backendError",
            "try again");
      return false;
    }
    const std::string auth = req.get_header_value("Authorization");
    if (accept_token_ && (auth.rfind("Bearer ", 0) != 0 || !accept_token_(auth.substr(7)))) {
      ++unauthorized_;
      Error(res, 401, "required", "Anonymous caller does not have storage.objects.get access");
      return false;
    }
    return true;
  }

  static std::string Sha256Hex(const std::string& data) {
    unsigned char md[32];
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i) {
      out += hex[md[i] >> 4];
      out += hex[md[i] & 15];
    }
    return out;
  }

  // "" when `req` carries a valid, current V4 signature by `signer_`, else the XML error code.
  // The canonical request is rebuilt from the raw target: path as sent, query parameters
  // other than X-Goog-Signature sorted, the host header as the only signed header.
  std::string CheckSignature(const httplib::Request& req) {
    if (signer_ == nullptr) return "AccessDenied";
    std::string target = req.target;
    size_t q = target.find('?');
    if (q == std::string::npos) return "AccessDenied";
    std::string path = target.substr(0, q);
    std::vector<std::string> params;
    std::string signature;
    size_t start = q + 1;
    while (start <= target.size()) {
      size_t amp = target.find('&', start);
      std::string param =
          target.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (param.rfind("X-Goog-Signature=", 0) == 0) {
        signature = param.substr(strlen("X-Goog-Signature="));
      } else if (!param.empty()) {
        params.push_back(param);
      }
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    std::sort(params.begin(), params.end());
    std::string query;
    for (const auto& p : params) query += (query.empty() ? "" : "&") + p;
    if (req.get_param_value("X-Goog-Algorithm") != "GOOG4-RSA-SHA256" || signature.empty() ||
        req.get_param_value("X-Goog-SignedHeaders") != "host") {
      return "AccessDenied";
    }
    const std::string date = req.get_param_value("X-Goog-Date");              // 20270115T080000Z
    const std::string credential = req.get_param_value("X-Goog-Credential");  // email/scope
    size_t slash = credential.find('/');
    if (date.size() != 16 || slash == std::string::npos) return "AuthorizationQueryParametersError";
    std::tm tm{};
    if (strptime(date.c_str(), "%Y%m%dT%H%M%SZ", &tm) == nullptr)
      return "AuthorizationQueryParametersError";
    long expires = std::atol(req.get_param_value("X-Goog-Expires").c_str());
    long now = static_cast<long>(std::time(nullptr));
    if (now > static_cast<long>(timegm(&tm)) + expires) return "ExpiredToken";
    const std::string canonical = "GET\n" + path + "\n" + query +
                                  "\nhost:" + req.get_header_value("Host") +
                                  "\n\nhost\nUNSIGNED-PAYLOAD";
    const std::string to_sign = "GOOG4-RSA-SHA256\n" + date + "\n" + credential.substr(slash + 1) +
                                "\n" + Sha256Hex(canonical);
    if (!signer_->Verify(to_sign, HexDecode(signature))) return "SignatureDoesNotMatch";
    return "";
  }

  std::optional<std::string> Find(const std::string& bucket, const std::string& name) {
    auto b = objects_.find(bucket);
    if (b == objects_.end()) return std::nullopt;
    auto o = b->second.find(name);
    if (o == b->second.end()) return std::nullopt;
    return o->second;
  }

  const std::function<bool(const std::string&)> accept_token_;
  const TestRsaKey* const signer_;
  std::mutex mu_;
  std::map<std::string, std::map<std::string, std::string>> objects_;
  std::map<std::string, Session> sessions_;
  std::vector<std::string> content_ranges_;
  std::map<std::string, int64_t> generations_;  // "bucket/name" -> generation
  std::vector<std::string> media_ranges_;
  std::vector<std::string> authorizations_;
  int next_upload_ = 0;
  std::atomic<int> fail_next_{0};
  std::atomic<int> fail_status_{429};
  std::atomic<int> list_pages_{0};
  std::atomic<int> unauthorized_{0};
  std::atomic<int> signed_downloads_{0};
};

}  // namespace ark::testing
