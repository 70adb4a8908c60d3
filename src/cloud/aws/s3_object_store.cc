#include "cloud/aws/s3_object_store.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

#include "cloud/aws/crypto.h"
#include "cloud/aws/errors.h"
#include "cloud/aws/uri.h"
#include "cloud/aws/xml.h"
#include "http/resumable_download.h"
#include "util/percent_encode.h"

namespace ark::cloud::aws {
namespace {

constexpr std::chrono::milliseconds kMetadataTimeout = std::chrono::minutes(2);

// Whether `bucket` can be a DNS label prefix of the endpoint host.
bool VirtualHostable(const std::string& bucket, const UrlParts& endpoint) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket) {
    bool ok = std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    if (!ok) return false;
  }
  if (bucket.find('.') != std::string::npos && endpoint.scheme == "https") return false;
  const std::string& h = endpoint.host;
  bool ip = h.front() == '[' || std::all_of(h.begin(), h.end(), [](char c) {
              return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
            });
  return !ip && h != "localhost";
}

// A request without a body (GET, HEAD, DELETE) to `url`, signed over the empty payload.
AwsRequest BodilessRequest(std::string method, std::string url,
                           std::chrono::milliseconds timeout = kMetadataTimeout) {
  AwsRequest req;
  req.method = std::move(method);
  req.timeout = timeout;
  req.url = std::move(url);
  req.payload_hash = std::string(kEmptyPayloadHash);
  req.headers.Set("x-amz-content-sha256", req.payload_hash);
  return req;
}

}  // namespace

Result<std::string> ReadUpTo(ByteSource& source, int64_t want) {
  std::string out;
  out.resize(static_cast<size_t>(want));
  size_t filled = 0;
  while (filled < out.size()) {
    ARK_ASSIGN_OR_RETURN(size_t n, source.Read(out.data() + filled, out.size() - filled));
    if (n == 0) break;
    filled += n;
  }
  out.resize(filled);
  return out;
}

S3ObjectStore::S3ObjectStore(S3Options options, std::shared_ptr<http::Client> client,
                             Credentials credentials, const Clock& clock)
    : options_(std::move(options)),
      transport_(std::move(client), std::move(credentials), SigningScope{options_.region, "s3"},
                 clock, options_.retry) {}

std::string S3ObjectStore::ObjectUrl(const std::string& bucket, const std::string& key,
                                     const std::string* endpoint) const {
  const std::string& base = endpoint ? *endpoint : options_.endpoint;
  auto parts = ParseUrl(base);  // validated when the options were built
  if (!options_.force_path_style && parts.ok() && VirtualHostable(bucket, *parts)) {
    UrlParts u = *parts;
    u.host = bucket + "." + u.host;
    return u.Origin() + "/" + PercentEncode(key, true);
  }
  std::string url = base + "/" + PercentEncode(bucket);
  if (!key.empty()) url += "/" + PercentEncode(key, true);
  return url;
}

std::string S3ObjectStore::Describe(const std::string& bucket, const std::string& key) const {
  return key.empty() ? bucket : bucket + "/" + key;
}

void S3ObjectStore::AddEncryptionHeaders(http::Headers& headers) const {
  if (options_.kms_key_id.empty()) return;
  headers.Set("x-amz-server-side-encryption", "aws:kms");
  headers.Set("x-amz-server-side-encryption-aws-kms-key-id", options_.kms_key_id);
}

Status S3ObjectStore::PutObject(const std::string& bucket, const std::string& key, ByteSource& body,
                                int64_t size) {
  int64_t part_size = options_.part_size;
  if (size > 0) part_size = std::max(part_size, (size + 9999) / 10000);  // S3: <= 10000 parts
  if (size >= 0 && size <= options_.multipart_threshold) {
    ARK_ASSIGN_OR_RETURN(std::string data, ReadUpTo(body, size + 1));
    if (static_cast<int64_t>(data.size()) != size) {
      return InvalidArgument("s3 PutObject " + Describe(bucket, key) + ": the body has " +
                             (static_cast<int64_t>(data.size()) > size ? "more than " : "") +
                             std::to_string(std::min<int64_t>(data.size(), size)) +
                             " bytes, the caller said " + std::to_string(size));
    }
    return PutSingle(bucket, key, data);
  }
  ARK_ASSIGN_OR_RETURN(std::string first, ReadUpTo(body, part_size));
  if (size < 0 && static_cast<int64_t>(first.size()) < part_size) {
    return PutSingle(bucket, key, first);
  }
  return PutMultipart(bucket, key, std::move(first), body, size, part_size);
}

Status S3ObjectStore::PutSingle(const std::string& bucket, const std::string& key,
                                std::string_view body) {
  AwsRequest req;
  req.method = "PUT";
  req.url = ObjectUrl(bucket, key);
  req.body = body;
  req.payload_hash = Sha256Hex(body);
  req.headers.Set("x-amz-content-sha256", req.payload_hash);
  req.headers.Set("Content-Type", "application/octet-stream");
  AddEncryptionHeaders(req.headers);
  auto resp = transport_.Call("s3 PutObject " + Describe(bucket, key), req);
  return resp.status();
}

Status S3ObjectStore::GetObject(const std::string& bucket, const std::string& key, ByteSink& sink) {
  // A transfer that breaks off resumes with a Range request pinned to the first try's ETag
  // (If-Match), so the sink never gets bytes of two versions.
  const std::string op = "s3 GetObject " + Describe(bucket, key);
  http::ResumeOptions resume;
  resume.what = op;
  resume.version_header = "ETag";
  resume.policy = options_.retry;
  resume.clock = &transport_.clock();
  resume.retryable = IsRetryable;
  return http::DownloadResuming(
      [&](const http::DownloadTry& attempt) {
        AwsRequest req =
            BodilessRequest("GET", ObjectUrl(bucket, key), std::chrono::milliseconds(0));
        if (attempt.offset > 0) {
          req.headers.Set("Range", "bytes=" + std::to_string(attempt.offset) + "-");
        }
        if (!attempt.version.empty()) req.headers.Set("If-Match", attempt.version);
        req.on_headers = attempt.on_headers;
        req.on_body = attempt.on_body;
        // Retried (and resumed) by DownloadResuming, not by the transport.
        return transport_.Call(op, req, CallOptions{.idempotent = false}).status();
      },
      sink, resume);
}

Result<S3ObjectInfo> S3ObjectStore::HeadObject(const std::string& bucket, const std::string& key) {
  AwsRequest req = BodilessRequest("HEAD", ObjectUrl(bucket, key));
  ARK_ASSIGN_OR_RETURN(http::Response resp,
                       transport_.Call("s3 HeadObject " + Describe(bucket, key), req));
  S3ObjectInfo info;
  const std::string length = resp.headers.Get("Content-Length").value_or("");
  auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), info.size);
  if (ec != std::errc() || end != length.data() + length.size()) {
    return DataLoss("s3 HeadObject " + Describe(bucket, key) + ": Content-Length \"" + length +
                    "\" is not a number");
  }
  info.etag = resp.headers.Get("ETag").value_or("");
  info.server_side_encryption = resp.headers.Get("x-amz-server-side-encryption").value_or("");
  info.kms_key_id = resp.headers.Get("x-amz-server-side-encryption-aws-kms-key-id").value_or("");
  return info;
}

Result<bool> S3ObjectStore::ObjectExists(const std::string& bucket, const std::string& key) {
  auto info = HeadObject(bucket, key);
  if (info.ok()) return true;
  if (info.status().code() == Code::kNotFound) return false;
  if (!info.status().reason().empty()) return info.status();
  // A HEAD answer has no body, so its error lacks S3's code (SignatureDoesNotMatch,
  // InvalidAccessKeyId, AccessDenied: what a person must fix). A GET of the first byte,
  // refused the same way, says which.
  AwsRequest req = BodilessRequest("GET", ObjectUrl(bucket, key));
  req.headers.Set("Range", "bytes=0-0");
  auto explained = transport_.Call("s3 GetObject " + Describe(bucket, key), req);
  if (explained.ok()) return true;
  if (explained.status().code() == Code::kNotFound) return false;
  return explained.status();
}

Status S3ObjectStore::DeleteObject(const std::string& bucket, const std::string& key) {
  AwsRequest req = BodilessRequest("DELETE", ObjectUrl(bucket, key));
  auto resp = transport_.Call("s3 DeleteObject " + Describe(bucket, key), req);
  if (!resp.ok() && resp.status().reason() == "NoSuchKey") return Status::Ok();
  return resp.status();
}

Status S3ObjectStore::DeleteObjects(const std::string& bucket,
                                    const std::vector<std::string>& keys) {
  constexpr size_t kBatch = 1000;
  for (size_t start = 0; start < keys.size(); start += kBatch) {
    std::string body =
        "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>";
    for (size_t i = start; i < std::min(keys.size(), start + kBatch); ++i) {
      body += "<Object><Key>" + XmlEscape(keys[i]) + "</Key></Object>";
    }
    body += "</Delete>";
    AwsRequest req;
    req.method = "POST";
    req.timeout = kMetadataTimeout;
    req.url = ObjectUrl(bucket, "") + "?delete=";
    req.body = body;
    req.payload_hash = Sha256Hex(body);
    req.headers.Set("x-amz-content-sha256", req.payload_hash);
    req.headers.Set("Content-MD5", Md5Base64(body));
    req.headers.Set("Content-Type", "application/xml");
    const std::string op = "s3 DeleteObjects " + bucket;
    ARK_ASSIGN_OR_RETURN(http::Response resp, transport_.Call(op, req));
    ARK_ASSIGN_OR_RETURN(XmlElement doc, ParseXml(resp.body, op + " response"));
    for (const XmlElement* error : doc.Children("Error")) {
      std::string code = error->ChildText("Code");
      if (code == "NoSuchKey") continue;
      Status failed(code == "AccessDenied" ? Code::kPermissionDenied : Code::kUnavailable,
                    op + ": " + error->ChildText("Key") + ": " + error->ChildText("Message") +
                        " (" + code + ")");
      failed.WithHttp(resp.status, code);
      return failed;
    }
  }
  return Status::Ok();
}

Status S3ObjectStore::CreateBucket(const std::string& bucket) {
  std::string body;
  if (options_.region != "us-east-1") {
    body =
        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<LocationConstraint>" +
        options_.region + "</LocationConstraint></CreateBucketConfiguration>";
  }
  AwsRequest req;
  req.method = "PUT";
  req.timeout = kMetadataTimeout;
  req.url = ObjectUrl(bucket, "");
  req.body = body;
  req.payload_hash = Sha256Hex(body);
  req.headers.Set("x-amz-content-sha256", req.payload_hash);
  return transport_.Call("s3 CreateBucket " + bucket, req).status();
}

Result<std::vector<std::string>> S3ObjectStore::ListCommonPrefixes(const std::string& bucket,
                                                                   const std::string& prefix,
                                                                   const std::string& delimiter) {
  if (delimiter.empty()) {
    return InvalidArgument("s3 ListCommonPrefixes " + bucket + ": empty delimiter");
  }
  return List(bucket, prefix, delimiter, true);
}

Result<std::vector<std::string>> S3ObjectStore::ListObjects(const std::string& bucket,
                                                            const std::string& prefix) {
  return List(bucket, prefix, "", false);
}

Result<std::vector<std::string>> S3ObjectStore::List(const std::string& bucket,
                                                     const std::string& prefix,
                                                     const std::string& delimiter,
                                                     bool want_prefixes) {
  std::vector<std::string> out;
  std::string token;
  const std::string op = "s3 ListObjectsV2 " + bucket + " prefix \"" + prefix + "\"";
  for (int page = 0;; ++page) {
    std::vector<std::pair<std::string, std::string>> query = {{"list-type", "2"}};
    if (!prefix.empty()) query.emplace_back("prefix", prefix);
    if (!delimiter.empty()) query.emplace_back("delimiter", delimiter);
    query.emplace_back("max-keys", std::to_string(options_.list_page_size));
    if (!token.empty()) query.emplace_back("continuation-token", token);
    AwsRequest req = BodilessRequest("GET", ObjectUrl(bucket, "") + "?" + EncodeQuery(query));
    ARK_ASSIGN_OR_RETURN(http::Response resp, transport_.Call(op, req));
    ARK_ASSIGN_OR_RETURN(XmlElement doc, ParseXml(resp.body, op + " response"));
    if (want_prefixes) {
      for (const XmlElement* p : doc.Children("CommonPrefixes"))
        out.push_back(p->ChildText("Prefix"));
    } else {
      for (const XmlElement* c : doc.Children("Contents")) out.push_back(c->ChildText("Key"));
    }
    if (doc.ChildText("IsTruncated") != "true") break;
    token = doc.ChildText("NextContinuationToken");
    if (token.empty()) {
      return DataLoss(op + ": page " + std::to_string(page + 1) +
                      " is truncated but has no NextContinuationToken");
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::string> S3ObjectStore::CreateSignedUrl(const std::string& bucket,
                                                   const std::string& key,
                                                   std::chrono::seconds ttl) {
  const std::string* endpoint =
      options_.public_endpoint.empty() ? nullptr : &options_.public_endpoint;
  auto url = PresignUrl("GET", ObjectUrl(bucket, key, endpoint), transport_.credentials(),
                        transport_.scope(), transport_.clock().Now(), ttl);
  if (!url.ok()) {
    Status s = url.status();
    s.Annotate("s3 signed URL for " + Describe(bucket, key));
    return s;
  }
  return url;
}

}  // namespace ark::cloud::aws
