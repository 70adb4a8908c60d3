#include "api_client.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

namespace ark::kubesim::testing {

namespace {

Reply ToReply(const httplib::Result& res) {
  Reply r;
  if (!res) {
    r.status = -1;
    r.body = httplib::to_string(res.error());
    return r;
  }
  r.status = res->status;
  r.body = res->body;
  r.content_type = res->get_header_value("Content-Type");
  r.json = nlohmann::json::parse(r.body, nullptr, false);
  if (r.json.is_discarded()) r.json = nullptr;
  return r;
}

}  // namespace

ApiClient::ApiClient(const ark::testing::Kubesim& sim, bool with_token)
    : token_(with_token ? sim.token() : "") {
  client_ = std::make_unique<httplib::Client>(sim.url());
  client_->set_read_timeout(30, 0);
  std::string ca = sim.ca_pem();
  if (!ca.empty()) {
    BIO* bio = BIO_new_mem_buf(ca.data(), static_cast<int>(ca.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    X509_STORE* store = X509_STORE_new();
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
    client_->set_ca_cert_store(store);  // the client owns the store
    client_->enable_server_certificate_verification(true);
  }
}

httplib::Headers ApiClient::Headers(const std::string& accept) const {
  httplib::Headers h = {{"Accept", accept}};
  if (!token_.empty()) h.emplace("Authorization", "Bearer " + token_);
  return h;
}

Reply ApiClient::Get(const std::string& path, const std::string& accept) {
  return ToReply(client_->Get(path.c_str(), Headers(accept)));
}

Reply ApiClient::Post(const std::string& path, const nlohmann::json& body) {
  return Send("POST", path, "application/json", body.dump());
}

Reply ApiClient::Put(const std::string& path, const nlohmann::json& body) {
  return Send("PUT", path, "application/json", body.dump());
}

Reply ApiClient::Patch(const std::string& path, const std::string& content_type,
                       const std::string& body) {
  return Send("PATCH", path, content_type, body);
}

Reply ApiClient::Delete(const std::string& path, const std::string& body) {
  return Send("DELETE", path, "application/json", body);
}

Reply ApiClient::Send(const std::string& method, const std::string& path,
                      const std::string& content_type, const std::string& body) {
  httplib::Headers h = Headers();
  if (method == "POST") return ToReply(client_->Post(path.c_str(), h, body, content_type.c_str()));
  if (method == "PUT") return ToReply(client_->Put(path.c_str(), h, body, content_type.c_str()));
  if (method == "PATCH")
    return ToReply(client_->Patch(path.c_str(), h, body, content_type.c_str()));
  if (method == "DELETE")
    return ToReply(client_->Delete(path.c_str(), h, body, content_type.c_str()));
  return ToReply(client_->Get(path.c_str(), h));
}

int ApiClient::Watch(const std::string& path,
                     const std::function<bool(const nlohmann::json&)>& on_line) {
  std::string pending;
  int status = 0;
  auto res = client_->Get(
      path.c_str(), Headers(),
      [&](const httplib::Response& r) {
        status = r.status;
        return true;
      },
      [&](const char* data, size_t len) {
        pending.append(data, len);
        size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
          std::string line = pending.substr(0, nl);
          pending.erase(0, nl + 1);
          if (line.empty()) continue;
          if (!on_line(nlohmann::json::parse(line, nullptr, false))) return false;
        }
        return true;
      });
  return status;
}

}  // namespace ark::kubesim::testing
