#pragma once

#include <string>
#include <string_view>

#include "http/message.h"
#include "util/base64.h"
#include "util/clock.h"
#include "util/digest.h"  // HmacSha256
#include "util/result.h"
#include "util/time_format.h"  // FormatRfc1123, the x-ms-date form

namespace ark::cloud::azure {

// The x-ms-version every Blob request is sent with.
inline constexpr const char* kBlobApiVersion = "2021-08-06";
// The signed version (sv) of the service SAS URLs we create.
inline constexpr const char* kSasVersion = "2018-11-09";

// Standard base64 with padding, and its inverse (InvalidArgument on bad input).
Result<std::string> Base64Decode(std::string_view text);

// An account and its decoded key. The key never appears in errors or logs.
struct StorageAccount {
  std::string name;
  std::string key;  // raw bytes (AZURE_STORAGE_KEY is base64)
};

// The SharedKey string-to-sign of `request` for Blob service versions 2015-02-21 and later:
// VERB, the standard headers (Content-Length empty when 0), the sorted x-ms-* headers, and
// the canonicalized resource "/<account><url path>" followed by the sorted, decoded query
// parameters. Pure; exposed for tests.
std::string SharedKeyStringToSign(const http::Request& request, const std::string& account);

// Adds "Authorization: SharedKey <account>:<signature>" to `request`, which must already
// carry x-ms-date and x-ms-version.
void SignSharedKey(http::Request& request, const StorageAccount& account);

// The query string (no leading '?') of a read-only service SAS for one blob, valid until
// `expiry`: sv, sr=b, sp=r, se, sig. `blob_path` is "<container>/<blob name>" undecoded.
std::string BlobReadSas(const StorageAccount& account, const std::string& blob_path,
                        Clock::TimePoint expiry);

}  // namespace ark::cloud::azure
