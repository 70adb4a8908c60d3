// S3ObjectStore::PutMultipart: CreateMultipartUpload, UploadPart (parallel), then
// CompleteMultipartUpload, or AbortMultipartUpload on any failure.
#include <chrono>
#include <deque>
#include <future>

#include "cloud/aws/crypto.h"
#include "cloud/aws/errors.h"
#include "cloud/aws/s3_object_store.h"
#include "cloud/aws/xml.h"

namespace ark::cloud::aws {
namespace {

constexpr int kMaxParts = 10000;
constexpr std::chrono::milliseconds kMetadataTimeout = std::chrono::minutes(2);
// S3 may take minutes to assemble a large object.
constexpr std::chrono::milliseconds kCompleteTimeout = std::chrono::minutes(15);

}  // namespace

Status S3ObjectStore::PutMultipart(const std::string& bucket, const std::string& key,
                                   std::string first, ByteSource& body, int64_t size,
                                   int64_t part_size) {
  const std::string what = Describe(bucket, key);
  const std::string object_url = ObjectUrl(bucket, key);

  AwsRequest create;
  create.method = "POST";
  create.timeout = kMetadataTimeout;
  create.url = object_url + "?uploads=";
  create.payload_hash = std::string(kEmptyPayloadHash);
  create.headers.Set("x-amz-content-sha256", create.payload_hash);
  create.headers.Set("Content-Type", "application/octet-stream");
  AddEncryptionHeaders(create.headers);
  const std::string create_op = "s3 CreateMultipartUpload " + what;
  ARK_ASSIGN_OR_RETURN(http::Response created, transport_.Call(create_op, create));
  ARK_ASSIGN_OR_RETURN(XmlElement created_doc, ParseXml(created.body, create_op + " response"));
  const std::string upload_id = created_doc.ChildText("UploadId");
  if (upload_id.empty()) return DataLoss(create_op + ": the response has no UploadId");
  const std::string upload_query = "uploadId=" + UriEncode(upload_id);

  // Over plain HTTP the parts' SHA-256 is signed, so the body is integrity-checked; over TLS
  // the channel does that and UNSIGNED-PAYLOAD saves hashing every byte.
  const bool sign_parts = options_.endpoint.rfind("http://", 0) == 0;
  auto upload_part = [this, &object_url, &upload_query, &what, sign_parts](
                         int number, std::shared_ptr<const std::string> data) -> Result<std::string> {
    AwsRequest req;
    req.method = "PUT";
    req.url = object_url + "?partNumber=" + std::to_string(number) + "&" + upload_query;
    req.body = *data;
    req.payload_hash = sign_parts ? Sha256Hex(*data) : std::string(kUnsignedPayload);
    req.headers.Set("x-amz-content-sha256", req.payload_hash);
    const std::string op = "s3 UploadPart " + std::to_string(number) + " of " + what;
    ARK_ASSIGN_OR_RETURN(http::Response resp, transport_.Call(op, req));
    std::string etag = resp.headers.Get("ETag").value_or("");
    if (etag.empty()) return DataLoss(op + ": the response has no ETag");
    return etag;
  };

  std::deque<std::future<Result<std::string>>> in_flight;
  std::vector<std::string> etags;
  Status failure;
  auto collect_oldest = [&] {
    Result<std::string> etag = in_flight.front().get();
    in_flight.pop_front();
    if (!etag.ok()) {
      if (failure.ok()) failure = etag.status();
    } else {
      etags.push_back(std::move(etag).value());
    }
  };

  int64_t total = 0;
  std::string next = std::move(first);
  for (int number = 1;; ++number) {
    if (number > kMaxParts) {
      failure = InvalidArgument("s3 PutObject " + what + ": more than " +
                                std::to_string(kMaxParts) + " parts of " +
                                std::to_string(part_size) + " bytes");
      break;
    }
    total += static_cast<int64_t>(next.size());
    auto data = std::make_shared<const std::string>(std::move(next));
    in_flight.push_back(std::async(std::launch::async, upload_part, number, data));
    // Read the next part while the uploads run; the source is read by this thread only.
    auto read = ReadUpTo(body, part_size);
    if (!read.ok()) {
      failure = read.status();
      failure.Annotate("s3 PutObject " + what + ": reading the body");
      break;
    }
    next = std::move(read).value();
    if (next.empty()) break;
    while (failure.ok() && static_cast<int>(in_flight.size()) >= options_.part_concurrency) {
      collect_oldest();
    }
    if (!failure.ok()) break;
  }
  while (!in_flight.empty()) collect_oldest();
  if (failure.ok() && size >= 0 && total != size) {
    failure = InvalidArgument("s3 PutObject " + what + ": the body has " +
                              std::to_string(total) + " bytes, the caller said " +
                              std::to_string(size));
  }

  if (failure.ok()) {
    std::string xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (size_t i = 0; i < etags.size(); ++i) {
      xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
             XmlEscape(etags[i]) + "</ETag></Part>";
    }
    xml += "</CompleteMultipartUpload>";
    AwsRequest complete;
    complete.method = "POST";
    complete.timeout = kCompleteTimeout;
    complete.url = object_url + "?" + upload_query;
    complete.body = xml;
    complete.payload_hash = Sha256Hex(xml);
    complete.headers.Set("x-amz-content-sha256", complete.payload_hash);
    complete.headers.Set("Content-Type", "application/xml");
    const std::string op = "s3 CompleteMultipartUpload " + what;
    auto done = transport_.Call(op, complete, CallOptions{.idempotent = false});
    if (!done.ok()) {
      failure = done.status();
    } else if (AwsErrorCode(done->body) != "") {  // S3 may report a failure with status 200
      http::Response as_error = *done;
      as_error.status = 500;
      failure = AwsErrorStatus(as_error, op);
    } else {
      return Status::Ok();
    }
  }

  AwsRequest abort;
  abort.method = "DELETE";
  abort.timeout = kMetadataTimeout;
  abort.url = object_url + "?" + upload_query;
  abort.payload_hash = std::string(kEmptyPayloadHash);
  abort.headers.Set("x-amz-content-sha256", abort.payload_hash);
  (void)transport_.Call("s3 AbortMultipartUpload " + what, abort);  // best effort
  return failure;
}

}  // namespace ark::cloud::aws
