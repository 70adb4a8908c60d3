#include "http/curl_tls.h"

namespace ark::http {
namespace {

// PEM `data` when given (copied into curl), else the file `file`, else nothing.
void SetPem(CURL* h, CURLoption blob_option, CURLoption file_option, const char* type_option_pem,
            CURLoption type_option, const std::string& data, const std::string& file) {
  if (!data.empty()) {
    curl_blob blob{const_cast<char*>(data.data()), data.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, blob_option, &blob);
    if (type_option_pem != nullptr) curl_easy_setopt(h, type_option, type_option_pem);
  } else if (!file.empty()) {
    curl_easy_setopt(h, file_option, file.c_str());
  }
}

}  // namespace

void ApplyTls(CURL* h, const TlsOptions& tls) {
  if (tls.insecure_skip_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  SetPem(h, CURLOPT_CAINFO_BLOB, CURLOPT_CAINFO, nullptr, CURLOPT_CAINFO, tls.ca_data, tls.ca_file);
  SetPem(h, CURLOPT_SSLCERT_BLOB, CURLOPT_SSLCERT, "PEM", CURLOPT_SSLCERTTYPE, tls.client_cert_data,
         tls.client_cert_file);
  SetPem(h, CURLOPT_SSLKEY_BLOB, CURLOPT_SSLKEY, "PEM", CURLOPT_SSLKEYTYPE, tls.client_key_data,
         tls.client_key_file);
}

}  // namespace ark::http
