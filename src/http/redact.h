#pragma once

#include <string>
#include <string_view>

namespace ark::http {

// The URL without its query string, for logs and errors: signed URLs carry credentials
// (X-Amz-Signature, sig=, access tokens) in the query.
std::string RedactUrl(std::string_view url);

// A header value safe to log: Authorization, Proxy-Authorization, Cookie and headers whose
// name mentions a token, key, secret or signature print as "<redacted>".
std::string RedactHeader(std::string_view name, std::string_view value);

}  // namespace ark::http
