#pragma once

#include <cstdint>
#include <string>

#include "cloud/provider_registry.h"
#include "http/client.h"
#include "util/backoff.h"
#include "util/result.h"

namespace ark::cloud::aws {

// Settings of the S3 object store, from Config keys and the environment.
struct S3Options {
  std::string region;
  // Base URL without a trailing slash: "https://s3.us-east-1.amazonaws.com" or a private
  // endpoint such as "http://minio:9000".
  std::string endpoint;
  bool custom_endpoint = false;
  // Base URL for presigned URLs when clients reach S3 by another name (Config publicUrl);
  // "" = `endpoint`.
  std::string public_endpoint;
  bool force_path_style = false;
  std::string kms_key_id;  // "" = no SSE-KMS
  http::TlsOptions tls;
  // Bodies larger than this (or of unknown size that turn out larger than one part) are sent
  // as multipart uploads of `part_size` bytes, `part_concurrency` parts in flight.
  int64_t multipart_threshold = 16 << 20;
  int64_t part_size = 8 << 20;
  int part_concurrency = 4;
  int list_page_size = 1000;  // max-keys of ListObjectsV2 (1..1000)
  BackoffPolicy retry;
};

// Settings of the EC2 client behind the EBS block store.
struct Ec2Options {
  std::string region;
  std::string endpoint;                   // "https://ec2.us-east-1.amazonaws.com"
  std::string default_availability_zone;  // Config availabilityZone (Ark v0.3), for az == ""
  http::TlsOptions tls;
  BackoffPolicy retry;
};

// Config keys (all optional unless said):
//   region            required (else AWS_REGION, AWS_DEFAULT_REGION)
//   s3Url             S3 endpoint (else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, AWS's own)
//   s3ForcePathStyle  "true" for http://host/bucket/key addressing
//   publicUrl         base URL of presigned URLs (Velero's key), for clients outside
//   kmsKeyId          SSE-KMS key id, ARN or alias/...
//   caCert            CA bundle for the endpoint: PEM text, base64 of PEM, or a file path
//   insecureSkipTLSVerify  "true" to skip certificate checks (test setups only)
// Errors are InvalidArgument naming the key and the bad value.
Result<S3Options> S3OptionsFromConfig(const ProviderConfig& config, const ProviderEnv& env);

// Config keys: region (as above), availabilityZone, caCert, insecureSkipTLSVerify; endpoint
// from AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL, else AWS's own.
Result<Ec2Options> Ec2OptionsFromConfig(const ProviderConfig& config, const ProviderEnv& env);

}  // namespace ark::cloud::aws
