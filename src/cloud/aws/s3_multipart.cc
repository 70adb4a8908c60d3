// S3ObjectStore::PutMultipart: CreateMultipartUpload, UploadPart (parallel), then
// CompleteMultipartUpload, or AbortMultipartUpload on any failure.
#include <chrono>
#include <mutex>

#include "cloud/aws/crypto.h"
#include "cloud/aws/errors.h"
#include "cloud/aws/s3_object_store.h"
#include "cloud/aws/xml.h"
#include "util/first_failure.h"
#include "util/percent_encode.h"
#include "util/worker_pool.h"

namespace ark::cloud::aws {
namespace {

constexpr int kMaxParts = 10000;
constexpr std::chrono::milliseconds kMetadataTimeout = std::chrono::minutes(2);
// S3 may take minutes to assemble a large object.
constexpr std::chrono::milliseconds kCompleteTimeout = std::chrono::minutes(15);

// One multipart upload once S3 has given it an ID: where its requests go and how errors
// name it.
struct Upload {
  const SignedTransport& transport;
  std::string object_url;
  std::string id_query;  // "uploadId=..."
  std::string what;      // "s3://bucket/key" as Describe writes it
};

// The ETag S3 gave part `number`. With `sign`, the part's SHA-256 is signed.
Result<std::string> UploadPart(const Upload& upload, bool sign, int number,
                               const std::string& data) {
  AwsRequest req;
  req.method = "PUT";
  req.url = upload.object_url + "?partNumber=" + std::to_string(number) + "&" + upload.id_query;
  req.body = data;
  req.payload_hash = sign ? Sha256Hex(data) : std::string(kUnsignedPayload);
  req.headers.Set("x-amz-content-sha256", req.payload_hash);
  const std::string op = "s3 UploadPart " + std::to_string(number) + " of " + upload.what;
  ARK_ASSIGN_OR_RETURN(http::Response resp, upload.transport.Call(op, req));
  std::string etag = resp.headers.Get("ETag").value_or("");
  if (etag.empty()) return DataLoss(op + ": the response has no ETag");
  return etag;
}

struct PartsInput {
  std::string first;  // the first part, already read
  ByteSource* body;   // the rest, read by the calling thread only
  int64_t size;       // the caller's total, or -1 when unknown
  int64_t part_size;
  int concurrency;  // parts in flight at most
  bool sign;
};

// Uploads `in.first` and the rest of the body as parts on `in.concurrency` threads, reading
// the next part while the uploads run; one more part may wait for a thread, so at most
// concurrency + 2 parts are held. The ETags in part order, or the first failure (every
// started part finished).
Result<std::vector<std::string>> UploadParts(const Upload& upload, PartsInput in) {
  std::mutex mu;
  std::vector<std::string> etags;  // by part number - 1; guarded by mu
  FirstFailure failure;
  int64_t total = 0;
  {
    WorkerPool pool(in.concurrency, /*queue_limit=*/1);
    std::string next = std::move(in.first);
    for (int number = 1;; ++number) {
      if (number > kMaxParts) {
        failure.Record(InvalidArgument("s3 PutObject " + upload.what + ": more than " +
                                       std::to_string(kMaxParts) + " parts of " +
                                       std::to_string(in.part_size) + " bytes"));
        break;
      }
      total += static_cast<int64_t>(next.size());
      {
        std::lock_guard<std::mutex> lock(mu);
        etags.emplace_back();
      }
      pool.Submit([&, number, data = std::move(next)] {
        Result<std::string> etag = UploadPart(upload, in.sign, number, data);
        if (!etag.ok()) return failure.Record(etag.status());
        std::lock_guard<std::mutex> lock(mu);
        etags[number - 1] = std::move(etag).value();
      });
      auto read = ReadUpTo(*in.body, in.part_size);
      if (!read.ok()) {
        Status why = read.status();
        why.Annotate("s3 PutObject " + upload.what + ": reading the body");
        failure.Record(std::move(why));
        break;
      }
      next = std::move(read).value();
      if (next.empty() || failure.failed()) break;
    }
  }  // the pool's end waits for every part it started
  if (!failure.failed() && in.size >= 0 && total != in.size) {
    failure.Record(InvalidArgument("s3 PutObject " + upload.what + ": the body has " +
                                   std::to_string(total) + " bytes, the caller said " +
                                   std::to_string(in.size)));
  }
  if (failure.failed()) return failure.status();
  return etags;
}

// CompleteMultipartUpload of the parts whose ETags are `etags`, in order.
Status Complete(const Upload& upload, const std::vector<std::string>& etags) {
  std::string xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (size_t i = 0; i < etags.size(); ++i) {
    xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
           XmlEscape(etags[i]) + "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  AwsRequest complete;
  complete.method = "POST";
  complete.timeout = kCompleteTimeout;
  complete.url = upload.object_url + "?" + upload.id_query;
  complete.body = xml;
  complete.payload_hash = Sha256Hex(xml);
  complete.headers.Set("x-amz-content-sha256", complete.payload_hash);
  complete.headers.Set("Content-Type", "application/xml");
  const std::string op = "s3 CompleteMultipartUpload " + upload.what;
  auto done = upload.transport.Call(op, complete, CallOptions{.idempotent = false});
  if (!done.ok()) return done.status();
  if (AwsErrorCode(done->body) != "") {  // S3 may report a failure with status 200
    http::Response as_error = *done;
    as_error.status = 500;
    return AwsErrorStatus(as_error, op);
  }
  return Status::Ok();
}

// AbortMultipartUpload, best effort: the upload has already failed for another reason.
void Abort(const Upload& upload) {
  AwsRequest abort;
  abort.method = "DELETE";
  abort.timeout = kMetadataTimeout;
  abort.url = upload.object_url + "?" + upload.id_query;
  abort.payload_hash = std::string(kEmptyPayloadHash);
  abort.headers.Set("x-amz-content-sha256", abort.payload_hash);
  (void)upload.transport.Call("s3 AbortMultipartUpload " + upload.what, abort);
}

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
  const Upload upload{transport_, object_url, "uploadId=" + PercentEncode(upload_id), what};

  // Over plain HTTP the parts' SHA-256 is signed, so the body is integrity-checked; over TLS
  // the channel does that and UNSIGNED-PAYLOAD saves hashing every byte.
  PartsInput parts{std::move(first),
                   &body,
                   size,
                   part_size,
                   options_.part_concurrency,
                   options_.endpoint.rfind("http://", 0) == 0};
  Result<std::vector<std::string>> etags = UploadParts(upload, std::move(parts));
  Status failure = etags.ok() ? Complete(upload, *etags) : etags.status();
  if (failure.ok()) return Status::Ok();
  Abort(upload);
  return failure;
}

}  // namespace ark::cloud::aws
