#pragma once

#include <curl/curl.h>

#include "http/client.h"

namespace ark::http {

// Sets the CA, the client certificate and key, and verification of `tls` on the curl handle
// `h` (PEM data is copied into curl). For every curl handle the project opens, so that a
// connection made by hand (CURLOPT_CONNECT_ONLY) trusts and presents what a request does.
void ApplyTls(CURL* h, const TlsOptions& tls);

}  // namespace ark::http
