#include "cloud/gcp/gcs_object_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cloud/gcp/crypto.h"
#include "http/resumable_download.h"
#include "util/percent_encode.h"
#include "util/time_format.h"

namespace ark::cloud::gcp {
namespace {

constexpr int64_t kMaxSignedUrlTtl = 7 * 24 * 3600;

std::string Where(const std::string& bucket, const std::string& key) {
  return "gs://" + bucket + "/" + key;
}

// Reads from `body` until `out` holds `limit` bytes or the source ends.
Status Fill(ByteSource& body, std::string& out, size_t limit) {
  char buf[64 * 1024];
  while (out.size() < limit) {
    ARK_ASSIGN_OR_RETURN(size_t n, body.Read(buf, std::min(sizeof(buf), limit - out.size())));
    if (n == 0) break;
    out.append(buf, n);
  }
  return Status::Ok();
}

std::string Authority(const std::string& endpoint) {
  std::string rest = endpoint;
  if (auto p = rest.find("://"); p != std::string::npos) rest = rest.substr(p + 3);
  if (auto p = rest.find('/'); p != std::string::npos) rest = rest.substr(0, p);
  if (rest.size() > 4 && rest.compare(rest.size() - 4, 4, ":443") == 0 &&
      endpoint.rfind("https://", 0) == 0) {
    rest.resize(rest.size() - 4);
  }
  return rest;
}

}  // namespace

GcsObjectStore::GcsObjectStore(GcsOptions options, std::unique_ptr<Transport> transport,
                               std::optional<ServiceAccountKey> key)
    : options_(std::move(options)), transport_(std::move(transport)), key_(std::move(key)) {}

std::string GcsObjectStore::ObjectUrl(const std::string& bucket, const std::string& key) const {
  return options_.endpoint + "/storage/v1/b/" + PercentEncode(bucket) + "/o/" + PercentEncode(key);
}

Status GcsObjectStore::PutObject(const std::string& bucket, const std::string& key,
                                 ByteSource& body, int64_t size) {
  const size_t threshold = static_cast<size_t>(options_.resumable_threshold);
  std::string head;
  if (size >= 0 && size <= options_.resumable_threshold) {
    ARK_RETURN_IF_ERROR(Fill(body, head, static_cast<size_t>(size) + 1));
  } else {
    ARK_RETURN_IF_ERROR(Fill(body, head, threshold + 1));
  }
  if (head.size() <= threshold) return UploadMedia(bucket, key, std::move(head));
  return UploadResumable(bucket, key, body, std::move(head));
}

Status GcsObjectStore::UploadMedia(const std::string& bucket, const std::string& key,
                                   std::string data) {
  const std::string url = options_.endpoint + "/upload/storage/v1/b/" + PercentEncode(bucket) +
                          "/o?uploadType=media&name=" + PercentEncode(key);
  auto response = transport_->Send(
      [&] {
        http::Request r;
        r.method = "POST";
        r.url = url;
        r.headers.Set("Content-Type", "application/octet-stream");
        r.body = data;
        return r;
      },
      "uploading " + Where(bucket, key));
  return response.status();
}

Status GcsObjectStore::UploadResumable(const std::string& bucket, const std::string& key,
                                       ByteSource& body, std::string pending) {
  const std::string what = "uploading " + Where(bucket, key);
  const std::string url = options_.endpoint + "/upload/storage/v1/b/" + PercentEncode(bucket) +
                          "/o?uploadType=resumable&name=" + PercentEncode(key);
  ARK_ASSIGN_OR_RETURN(http::Response start, transport_->Send(
                                                 [&] {
                                                   http::Request r;
                                                   r.method = "POST";
                                                   r.url = url;
                                                   r.headers.Set("Content-Type",
                                                                 "application/json");
                                                   r.body = "{}";
                                                   return r;
                                                 },
                                                 what + " (starting a resumable upload)"));
  auto session = start.headers.Get("Location");
  if (!session || session->empty()) {
    return Internal(what + ": resumable upload response has no Location header");
  }
  const size_t chunk = static_cast<size_t>(options_.chunk_size);
  int64_t offset = 0;
  while (true) {
    ARK_RETURN_IF_ERROR(Fill(body, pending, chunk + 1));
    const bool last = pending.size() <= chunk;
    std::string part = last ? std::move(pending) : pending.substr(0, chunk);
    pending = last ? std::string() : pending.substr(chunk);
    std::string range;
    if (last) {
      int64_t total = offset + static_cast<int64_t>(part.size());
      range = part.empty() ? "bytes */" + std::to_string(total)
                           : "bytes " + std::to_string(offset) + "-" + std::to_string(total - 1) +
                                 "/" + std::to_string(total);
    } else {
      range = "bytes " + std::to_string(offset) + "-" +
              std::to_string(offset + static_cast<int64_t>(part.size()) - 1) + "/*";
    }
    ARK_ASSIGN_OR_RETURN(http::Response response, transport_->Send(
                                                      [&] {
                                                        http::Request r;
                                                        r.method = "PUT";
                                                        r.url = *session;
                                                        r.headers.Set("Content-Range", range);
                                                        r.body = part;
                                                        return r;
                                                      },
                                                      what, true, {308}));
    if (last) {
      if (response.status == 308) return DataLoss(what + ": the store did not finish the upload");
      return Status::Ok();
    }
    if (response.status != 308) {
      return DataLoss(what + ": the store finished the upload before its last chunk");
    }
    offset += static_cast<int64_t>(part.size());
  }
}

Status GcsObjectStore::GetObject(const std::string& bucket, const std::string& key,
                                 ByteSink& sink) {
  // A transfer that breaks off resumes with a Range request pinned to the generation whose
  // bytes were written (ifGenerationMatch), so the sink never gets bytes of two generations.
  const std::string url = ObjectUrl(bucket, key) + "?alt=media";
  const std::string what = "downloading " + Where(bucket, key);
  http::ResumeOptions resume;
  resume.what = what;
  resume.version_header = "x-goog-generation";
  resume.clock = &transport_->clock();
  resume.retryable = IsRetryable;
  return http::DownloadResuming(
      [&](const http::DownloadTry& attempt) {
        return transport_
            ->Send(
                [&] {
                  http::Request r;
                  r.url = url;
                  if (!attempt.version.empty()) r.url += "&ifGenerationMatch=" + attempt.version;
                  if (attempt.offset > 0) {
                    r.headers.Set("Range", "bytes=" + std::to_string(attempt.offset) + "-");
                  }
                  r.on_headers = attempt.on_headers;
                  r.on_body = attempt.on_body;
                  return r;
                },
                what, /*retry=*/false)
            .status();
      },
      sink, resume);
}

Result<bool> GcsObjectStore::ObjectExists(const std::string& bucket, const std::string& key) {
  const std::string url = ObjectUrl(bucket, key);
  auto response = transport_->Send(
      [&] {
        http::Request r;
        r.url = url;
        return r;
      },
      "checking " + Where(bucket, key));
  if (response.ok()) return true;
  if (response.status().code() == Code::kNotFound) return false;
  return std::move(response).status();
}

Status GcsObjectStore::List(const std::string& bucket, const std::string& prefix,
                            const std::string& delimiter, std::vector<std::string>* names,
                            std::vector<std::string>* prefixes) {
  const std::string what = "listing gs://" + bucket + "/" + prefix;
  std::string page_token;
  do {
    std::string url = options_.endpoint + "/storage/v1/b/" + PercentEncode(bucket) +
                      "/o?prefix=" + PercentEncode(prefix);
    if (!delimiter.empty()) url += "&delimiter=" + PercentEncode(delimiter);
    if (!page_token.empty()) url += "&pageToken=" + PercentEncode(page_token);
    ARK_ASSIGN_OR_RETURN(http::Response response, transport_->Send(
                                                      [&] {
                                                        http::Request r;
                                                        r.url = url;
                                                        return r;
                                                      },
                                                      what));
    nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
    if (!doc.is_object()) return DataLoss(what + ": response is not a JSON object");
    if (names && doc.contains("items") && doc["items"].is_array()) {
      for (const auto& item : doc["items"]) {
        if (item.is_object() && item.contains("name") && item["name"].is_string()) {
          names->push_back(item["name"].get<std::string>());
        }
      }
    }
    if (prefixes && doc.contains("prefixes") && doc["prefixes"].is_array()) {
      for (const auto& p : doc["prefixes"]) {
        if (p.is_string()) prefixes->push_back(p.get<std::string>());
      }
    }
    page_token.clear();
    if (doc.contains("nextPageToken") && doc["nextPageToken"].is_string()) {
      page_token = doc["nextPageToken"].get<std::string>();
    }
  } while (!page_token.empty());
  return Status::Ok();
}

Result<std::vector<std::string>> GcsObjectStore::ListCommonPrefixes(const std::string& bucket,
                                                                    const std::string& prefix,
                                                                    const std::string& delimiter) {
  std::vector<std::string> prefixes;
  ARK_RETURN_IF_ERROR(List(bucket, prefix, delimiter, nullptr, &prefixes));
  std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  return prefixes;
}

Result<std::vector<std::string>> GcsObjectStore::ListObjects(const std::string& bucket,
                                                             const std::string& prefix) {
  std::vector<std::string> names;
  ARK_RETURN_IF_ERROR(List(bucket, prefix, "", &names, nullptr));
  std::sort(names.begin(), names.end());
  return names;
}

Status GcsObjectStore::DeleteObject(const std::string& bucket, const std::string& key) {
  const std::string url = ObjectUrl(bucket, key);
  auto response = transport_->Send(
      [&] {
        http::Request r;
        r.method = "DELETE";
        r.url = url;
        return r;
      },
      "deleting " + Where(bucket, key));
  if (!response.ok() && response.status().code() == Code::kNotFound) return Status::Ok();
  return response.status();
}

Result<std::string> GcsObjectStore::CreateSignedUrl(const std::string& bucket,
                                                    const std::string& key,
                                                    std::chrono::seconds ttl) {
  if (!key_) {
    return FailedPrecondition("signing a URL for " + Where(bucket, key) +
                              ": needs a service-account key (set GOOGLE_APPLICATION_CREDENTIALS)");
  }
  return SignV4Url(*key_, options_.endpoint, bucket, key, transport_->clock().Now(), ttl);
}

Result<std::string> SignV4Url(const ServiceAccountKey& key, const std::string& endpoint,
                              const std::string& bucket, const std::string& object,
                              Clock::TimePoint now, std::chrono::seconds ttl) {
  if (ttl.count() <= 0 || ttl.count() > kMaxSignedUrlTtl) {
    return InvalidArgument("signed URL for " + Where(bucket, object) + ": ttl " +
                           std::to_string(ttl.count()) + "s is outside 1s..7 days");
  }
  const std::string datetime = FormatIso8601Basic(now);
  const std::string scope = FormatBasicDate(now) + "/auto/storage/goog4_request";
  const std::string host = Authority(endpoint);
  const std::string path = "/" + PercentEncode(bucket) + "/" + PercentEncode(object, true);
  // Parameters in sorted order, as the canonical query wants them.
  const std::string query =
      "X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=" +
      PercentEncode(key.client_email + "/" + scope) + "&X-Goog-Date=" + datetime +
      "&X-Goog-Expires=" + std::to_string(ttl.count()) + "&X-Goog-SignedHeaders=host";
  const std::string canonical_request =
      "GET\n" + path + "\n" + query + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
  const std::string string_to_sign = "GOOG4-RSA-SHA256\n" + std::string(datetime) + "\n" + scope +
                                     "\n" + Sha256Hex(canonical_request);
  ARK_ASSIGN_OR_RETURN(std::string signature,
                       RsaSha256Sign(key.private_key, string_to_sign,
                                     "service-account key " + key.source + ": field private_key"));
  std::string scheme = endpoint.rfind("http://", 0) == 0 ? "http://" : "https://";
  return scheme + host + path + "?" + query + "&X-Goog-Signature=" + HexEncode(signature);
}

}  // namespace ark::cloud::gcp
