#include "cloud/azure/blob_object_store.h"

#include <expat.h>

#include <algorithm>
#include <cstdio>

#include "http/resumable_download.h"
#include "util/first_failure.h"
#include "util/percent_encode.h"
#include "util/time_format.h"
#include "util/worker_pool.h"

namespace ark::cloud::azure {
namespace {

constexpr std::chrono::minutes kMetadataTimeout{2};

// Collects text of elements by their slash-joined path ("EnumerationResults/NextMarker").
// Every element whose path is in `wanted` adds one entry (in document order) under that path.
struct XmlCollector {
  std::vector<std::string> stack;
  std::string text;
  std::vector<std::pair<std::string, std::string>> values;

  std::string Path() const {
    std::string p;
    for (const auto& s : stack) p += (p.empty() ? "" : "/") + s;
    return p;
  }
};

Result<std::vector<std::pair<std::string, std::string>>> ParseXml(const std::string& body) {
  XmlCollector c;
  XML_Parser parser = XML_ParserCreate(nullptr);
  XML_SetUserData(parser, &c);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char**) {
        auto* c = static_cast<XmlCollector*>(data);
        c->stack.emplace_back(name);
        c->text.clear();
      },
      [](void* data, const XML_Char*) {
        auto* c = static_cast<XmlCollector*>(data);
        c->values.emplace_back(c->Path(), c->text);
        c->text.clear();
        c->stack.pop_back();
      });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* s, int len) {
    static_cast<XmlCollector*>(data)->text.append(s, static_cast<size_t>(len));
  });
  bool ok = XML_Parse(parser, body.data(), static_cast<int>(body.size()), 1) != XML_STATUS_ERROR;
  std::string err = ok ? "" : XML_ErrorString(XML_GetErrorCode(parser));
  XML_ParserFree(parser);
  if (!ok) return DataLoss("malformed XML: " + err);
  return std::move(c.values);
}

bool Retryable(int status) { return status == 429 || status >= 500; }

// Retry-After in seconds, when given and sane.
std::optional<std::chrono::milliseconds> RetryAfter(const http::Response& r) {
  auto v = r.headers.Get("Retry-After");
  if (!v) return std::nullopt;
  char* end = nullptr;
  long secs = std::strtol(v->c_str(), &end, 10);
  if (end == v->c_str() || secs < 0 || secs > 600) return std::nullopt;
  return std::chrono::milliseconds(secs * 1000);
}

std::string BlockId(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%010d", index);
  return Base64Encode(buf);
}

}  // namespace

Status BlobError(const http::Response& response, const std::string& what) {
  std::string code = response.headers.Get("x-ms-error-code").value_or("");
  std::string message;
  if (!response.body.empty()) {
    auto parsed = ParseXml(response.body);
    if (parsed.ok()) {
      for (const auto& [path, text] : *parsed) {
        if (path == "Error/Code" && code.empty()) code = text;
        if (path == "Error/Message") message = text.substr(0, text.find('\n'));
      }
    }
  }
  // Authentication failures echo the signature and the string to sign: keep them out.
  if (code == "AuthenticationFailed" || code.find("Authorization") != std::string::npos) {
    message.clear();
  }
  std::string text = what + ": HTTP " + std::to_string(response.status);
  if (!code.empty()) text += " " + code;
  if (!message.empty()) text += ": " + message;
  // Say which settings to look at (the account answers 403 AuthenticationFailed to a wrong
  // key; AuthorizationFailure to a request its key or network rules do not allow).
  if (response.status == 403 && code == "AuthenticationFailed") {
    text +=
        " (the storage account did not accept the request's signature: check "
        "AZURE_STORAGE_ACCOUNT_ID and AZURE_STORAGE_KEY)";
  } else if (response.status == 403 && code.find("Authorization") != std::string::npos) {
    text +=
        " (the storage account refused the request: check AZURE_STORAGE_KEY and the "
        "account's network rules)";
  }
  Code c = Code::kInternal;
  switch (response.status) {
    case 400:
      c = Code::kInvalidArgument;
      break;
    case 401:
      c = Code::kUnauthenticated;
      break;
    case 403:
      c = code == "AuthenticationFailed" ? Code::kUnauthenticated : Code::kPermissionDenied;
      break;
    case 404:
      c = Code::kNotFound;
      break;
    case 409:
      c = code.find("AlreadyExists") != std::string::npos ? Code::kAlreadyExists : Code::kConflict;
      break;
    case 412:
      c = Code::kFailedPrecondition;
      break;
    case 429:
      c = Code::kResourceExhausted;
      break;
    default:
      c = response.status >= 500 ? Code::kUnavailable : Code::kInternal;
  }
  Status s(c, text);
  s.WithHttp(response.status, code);
  return s;
}

BlobObjectStore::BlobObjectStore(BlobOptions options, std::shared_ptr<http::Client> client,
                                 StorageAccount account, const Clock& clock)
    : options_(std::move(options)),
      client_(std::move(client)),
      account_(std::move(account)),
      clock_(clock) {}

std::string BlobObjectStore::BlobUrl(const std::string& container, const std::string& key) const {
  return options_.endpoint + "/" + PercentEncode(container, false) + "/" + PercentEncode(key, true);
}

Result<http::Response> BlobObjectStore::Send(http::Request request, const std::string& what,
                                             bool retry) {
  request.headers.Set("x-ms-version", kBlobApiVersion);
  // The HTTP client adds a Content-Type to bodies that have none; it must be signed.
  if ((request.method == "PUT" || request.method == "POST") &&
      !request.headers.Get("Content-Type")) {
    request.headers.Set("Content-Type", "application/octet-stream");
  }
  if (request.timeout.count() == 0 && !request.on_body && request.body.size() < (1u << 20)) {
    request.timeout = kMetadataTimeout;
  }
  for (int attempt = 0;; ++attempt) {
    request.headers.Set("x-ms-date", FormatRfc1123(clock_.Now()));
    SignSharedKey(request, account_);
    Result<http::Response> r = client_->Send(request);
    // A streamed body cannot be sent twice, nor one received: those are not retried here.
    const bool last =
        !retry || request.body_source || request.on_body ||
        (options_.retry.max_attempts > 0 && attempt + 1 >= options_.retry.max_attempts);
    std::chrono::milliseconds delay = BackoffDelay(options_.retry, attempt, JitterRandom());
    if (!r.ok()) {
      if (last || r.status().code() == Code::kCancelled) {
        Status s = r.status();
        s.Annotate(what);
        return s;
      }
    } else if (Retryable(r->status) && !last) {
      if (auto after = RetryAfter(*r)) delay = *after;
    } else {
      return r;
    }
    clock_.SleepFor(delay);
  }
}

Status BlobObjectStore::CreateContainer(const std::string& container) {
  http::Request req;
  req.method = "PUT";
  req.url = options_.endpoint + "/" + PercentEncode(container, false) + "?restype=container";
  std::string what = "creating container \"" + container + "\"";
  ARK_ASSIGN_OR_RETURN(http::Response r, Send(std::move(req), what));
  if (r.status != 201) return BlobError(r, what);
  return Status::Ok();
}

Status BlobObjectStore::PutObject(const std::string& bucket, const std::string& key,
                                  ByteSource& body, int64_t size) {
  // Buffer up to the single-put limit: small bodies then go in one retryable request.
  std::string first;
  const size_t limit = static_cast<size_t>(options_.single_put_limit);
  char buf[64 * 1024];
  bool ended = false;
  while (first.size() <= limit) {
    ARK_ASSIGN_OR_RETURN(size_t n, body.Read(buf, sizeof buf));
    if (n == 0) {
      ended = true;
      break;
    }
    first.append(buf, n);
  }
  (void)size;
  if (!ended) return PutBlocks(bucket, key, body, std::move(first));

  http::Request req;
  req.method = "PUT";
  req.url = BlobUrl(bucket, key);
  req.headers.Set("x-ms-blob-type", "BlockBlob");
  req.headers.Set("Content-Type", "application/octet-stream");
  req.body = std::move(first);
  std::string what = "putting blob \"" + key + "\" in container \"" + bucket + "\"";
  ARK_ASSIGN_OR_RETURN(http::Response r, Send(std::move(req), what));
  if (r.status != 201) return BlobError(r, what);
  return Status::Ok();
}

Status BlobObjectStore::PutBlocks(const std::string& container, const std::string& key,
                                  ByteSource& body, std::string pending) {
  const std::string what = "putting blob \"" + key + "\" in container \"" + container + "\"";
  const size_t block = static_cast<size_t>(options_.block_size);
  std::vector<std::string> ids;
  FirstFailure failure;
  auto put_block = [this, container, key, what](const std::string& id, std::string data) -> Status {
    http::Request req;
    req.method = "PUT";
    req.url = BlobUrl(container, key) + "?comp=block&blockid=" + PercentEncode(id, false);
    req.headers.Set("Content-Type", "application/octet-stream");
    req.body = std::move(data);
    ARK_ASSIGN_OR_RETURN(http::Response r, Send(std::move(req), what + " (block " + id + ")"));
    if (r.status != 201) return BlobError(r, what);
    return Status::Ok();
  };
  {
    // The blocks go up on `parallel_blocks` threads while this one reads the next block.
    WorkerPool pool(options_.parallel_blocks, /*queue_limit=*/1);
    bool ended = false;
    std::vector<char> buf(64 * 1024);
    while (!failure.failed()) {
      while (!ended && pending.size() < block) {
        Result<size_t> n = body.Read(buf.data(), buf.size());
        if (!n.ok()) {
          failure.Record(n.status());
          break;
        }
        if (*n == 0) ended = true;
        pending.append(buf.data(), *n);
      }
      if (failure.failed() || pending.empty()) break;
      size_t take = std::min(block, pending.size());
      std::string data = pending.substr(0, take);
      pending.erase(0, take);
      ids.push_back(BlockId(static_cast<int>(ids.size())));
      pool.Submit([&, id = ids.back(), data = std::move(data)]() mutable {
        if (Status put = put_block(id, std::move(data)); !put.ok()) failure.Record(std::move(put));
      });
    }
  }  // the pool's end waits for every block it started
  // Uncommitted blocks are discarded by the service after a week; nothing to abort.
  if (failure.failed()) return failure.status();

  std::string list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
  for (const auto& id : ids) list += "<Latest>" + id + "</Latest>";
  list += "</BlockList>";
  http::Request req;
  req.method = "PUT";
  req.url = BlobUrl(container, key) + "?comp=blocklist";
  req.headers.Set("Content-Type", "application/xml");
  req.headers.Set("x-ms-blob-content-type", "application/octet-stream");
  req.body = std::move(list);
  ARK_ASSIGN_OR_RETURN(http::Response r, Send(std::move(req), what + " (block list)"));
  if (r.status != 201) return BlobError(r, what);
  return Status::Ok();
}

Status BlobObjectStore::GetObject(const std::string& bucket, const std::string& key,
                                  ByteSink& sink) {
  const std::string what = "getting blob \"" + key + "\" from container \"" + bucket + "\"";
  http::ResumeOptions resume;
  resume.what = what;
  resume.version_header = "ETag";
  resume.policy = options_.retry;
  resume.clock = &clock_;
  resume.retryable = [](const Status& s) {
    return s.code() == Code::kUnavailable || s.code() == Code::kDeadlineExceeded ||
           s.code() == Code::kResourceExhausted;
  };
  return http::DownloadResuming(
      [&](const http::DownloadTry& attempt) -> Status {
        http::Request req;
        req.method = "GET";
        req.url = BlobUrl(bucket, key);
        if (attempt.offset > 0) {
          req.headers.Set("x-ms-range", "bytes=" + std::to_string(attempt.offset) + "-");
        }
        if (!attempt.version.empty()) req.headers.Set("If-Match", attempt.version);
        req.on_headers = attempt.on_headers;
        req.on_body = attempt.on_body;
        ARK_ASSIGN_OR_RETURN(http::Response r, Send(std::move(req), what, /*retry=*/false));
        if (r.status == 200 || r.status == 206) return Status::Ok();
        return BlobError(r, what);
      },
      sink, resume);
}

Result<bool> BlobObjectStore::ObjectExists(const std::string& bucket, const std::string& key) {
  std::string what = "checking blob \"" + key + "\" in container \"" + bucket + "\"";
  http::Request req;
  req.method = "HEAD";
  req.url = BlobUrl(bucket, key);
  ARK_ASSIGN_OR_RETURN(http::Response r, Send(std::move(req), what));
  if (r.status == 200) return true;
  if (r.status == 404) return false;
  return BlobError(r, what);
}

Result<BlobObjectStore::ListPage> BlobObjectStore::List(const std::string& container,
                                                        const std::string& prefix,
                                                        const std::string& delimiter,
                                                        const std::string& marker) {
  std::string what = "listing container \"" + container + "\" (prefix \"" + prefix + "\")";
  http::Request req;
  req.url = options_.endpoint + "/" + PercentEncode(container, false) +
            "?restype=container&comp=list&maxresults=" + std::to_string(options_.list_page_size);
  if (!prefix.empty()) req.url += "&prefix=" + PercentEncode(prefix, false);
  if (!delimiter.empty()) req.url += "&delimiter=" + PercentEncode(delimiter, false);
  if (!marker.empty()) req.url += "&marker=" + PercentEncode(marker, false);
  ARK_ASSIGN_OR_RETURN(http::Response r, Send(std::move(req), what));
  if (r.status != 200) return BlobError(r, what);
  auto parsed = ParseXml(r.body);
  if (!parsed.ok()) {
    Status s = parsed.status();
    s.Annotate(what);
    return s;
  }
  ListPage page;
  for (const auto& [path, text] : *parsed) {
    if (path == "EnumerationResults/Blobs/Blob/Name") page.names.push_back(text);
    if (path == "EnumerationResults/Blobs/BlobPrefix/Name") page.prefixes.push_back(text);
    if (path == "EnumerationResults/NextMarker") page.next_marker = text;
  }
  return page;
}

Result<std::vector<std::string>> BlobObjectStore::ListCommonPrefixes(const std::string& bucket,
                                                                     const std::string& prefix,
                                                                     const std::string& delimiter) {
  std::vector<std::string> out;
  std::string marker;
  do {
    ARK_ASSIGN_OR_RETURN(ListPage page, List(bucket, prefix, delimiter, marker));
    out.insert(out.end(), page.prefixes.begin(), page.prefixes.end());
    marker = page.next_marker;
  } while (!marker.empty());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<std::string>> BlobObjectStore::ListObjects(const std::string& bucket,
                                                              const std::string& prefix) {
  std::vector<std::string> out;
  std::string marker;
  do {
    ARK_ASSIGN_OR_RETURN(ListPage page, List(bucket, prefix, "", marker));
    out.insert(out.end(), page.names.begin(), page.names.end());
    marker = page.next_marker;
  } while (!marker.empty());
  std::sort(out.begin(), out.end());
  return out;
}

Status BlobObjectStore::DeleteObject(const std::string& bucket, const std::string& key) {
  std::string what = "deleting blob \"" + key + "\" from container \"" + bucket + "\"";
  http::Request req;
  req.method = "DELETE";
  req.url = BlobUrl(bucket, key);
  ARK_ASSIGN_OR_RETURN(http::Response r, Send(std::move(req), what));
  if (r.status == 202 || r.status == 200 || r.status == 404) return Status::Ok();
  return BlobError(r, what);
}

Result<std::string> BlobObjectStore::CreateSignedUrl(const std::string& bucket,
                                                     const std::string& key,
                                                     std::chrono::seconds ttl) {
  if (ttl.count() <= 0) return InvalidArgument("signed URL ttl must be positive");
  return BlobUrl(bucket, key) + "?" + BlobReadSas(account_, bucket + "/" + key, clock_.Now() + ttl);
}

}  // namespace ark::cloud::azure
