#include "moto.h"

#include <chrono>
#include <thread>

#include "cloud/aws/ec2_client.h"
#include "cloud/aws/signed_transport.h"
#include "cloud/aws/uri.h"
#include "cloud/aws/xml.h"
#include "http/client.h"

namespace ark::testing {
namespace {

using cloud::aws::AwsRequest;
using cloud::aws::Credentials;
using cloud::aws::SignedTransport;

// An IAM Query API call (form POST). Credentials are not checked for these first calls.
Result<cloud::aws::XmlElement> Iam(const SignedTransport& iam, const std::string& url,
                                   const cloud::aws::QueryParams& params) {
  std::string body = cloud::aws::EncodeQuery(params);
  AwsRequest req;
  req.method = "POST";
  req.url = url + "/";
  req.body = body;
  req.headers.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  ARK_ASSIGN_OR_RETURN(http::Response resp, iam.Call("iam " + params[0].second, req));
  return cloud::aws::ParseXml(resp.body, "iam response");
}

}  // namespace

std::unique_ptr<Moto> Moto::Start(std::string* error, const std::string& cert_file,
                                  const std::string& key_file) {
  // The port FreePort found can be taken by another test before moto binds it; try anew.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (auto moto = TryStart(error, cert_file, key_file)) return moto;
  }
  return nullptr;
}

std::unique_ptr<Moto> Moto::TryStart(std::string* error, const std::string& cert_file,
                                     const std::string& key_file) {
  auto moto = std::unique_ptr<Moto>(new Moto());
  const int port = FreePort();
  std::vector<std::string> argv = {"moto_server", "-H", "127.0.0.1", "-p", std::to_string(port)};
  if (!cert_file.empty()) {
    argv.insert(argv.end(), {"-c", cert_file, "-k", key_file});
  }
  moto->process_ = BackgroundProcess::Start(
      argv, {{"INITIAL_NO_AUTH_ACTION_COUNT", "3"},
             // Verify signatures against the request as sent (moto_fix/sitecustomize.py).
             {"PYTHONPATH", ARK_SOURCE_DIR "/tests/cloud_aws/moto_fix"}});
  if (!moto->process_) {
    *error = "cannot start moto_server (is it on PATH? scripts/setup.sh checks for it)";
    return nullptr;
  }
  moto->url_ =
      std::string(cert_file.empty() ? "http" : "https") + "://127.0.0.1:" + std::to_string(port);
  moto->cert_file_ = cert_file;

  http::ClientOptions client_options;
  client_options.tls.ca_file = cert_file;
  auto client = http::NewCurlClient(client_options);
  if (!client.ok()) {
    *error = client.status().ToString();
    return nullptr;
  }
  // /moto-api/ answers without counting as an action.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    http::Request ping;
    ping.url = moto->url_ + "/moto-api/";
    auto resp = (*client)->Send(ping);
    if (resp.ok() && resp->status == 200) break;
    if (!moto->process_->Running() || std::chrono::steady_clock::now() > deadline) {
      *error = "moto_server did not answer on " + moto->url_ + "; stderr:\n" + moto->Log();
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  SignedTransport iam(std::shared_ptr<http::Client>(std::move(*client)),
                      Credentials{"AKIDBOOTSTRAP", "bootstrap-secret", "", "bootstrap"},
                      cloud::aws::SigningScope{"us-east-1", "iam"}, SystemClock(),
                      BackoffPolicy{.max_attempts = 1});
  const std::string version = "2010-05-08";
  const char* policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
  auto user =
      Iam(iam, moto->url_, {{"Action", "CreateUser"}, {"UserName", "ark"}, {"Version", version}});
  auto allowed = Iam(iam, moto->url_,
                     {{"Action", "PutUserPolicy"},
                      {"UserName", "ark"},
                      {"PolicyName", "all"},
                      {"PolicyDocument", policy},
                      {"Version", version}});
  auto key = Iam(iam, moto->url_,
                 {{"Action", "CreateAccessKey"}, {"UserName", "ark"}, {"Version", version}});
  for (const auto* r : {&user, &allowed, &key}) {
    if (!r->ok()) {
      *error = "setting up moto's IAM user: " + r->status().ToString();
      return nullptr;
    }
  }
  const cloud::aws::XmlElement* result = key->Child("CreateAccessKeyResult");
  const cloud::aws::XmlElement* access_key = result ? result->Child("AccessKey") : nullptr;
  if (!access_key) {
    *error = "moto's CreateAccessKey response has no AccessKey";
    return nullptr;
  }
  moto->credentials_ = Credentials{access_key->ChildText("AccessKeyId"),
                                   access_key->ChildText("SecretAccessKey"), "", "moto"};
  return moto;
}

bool Moto::SetAuthentication(bool on) {
  http::ClientOptions options;
  options.tls.ca_file = cert_file_;
  auto client = http::NewCurlClient(options);
  if (!client.ok()) return false;
  http::Request req;
  req.method = "POST";
  req.url = url_ + "/moto-api/reset-auth";
  req.body = on ? "0" : "inf";
  auto resp = (*client)->Send(req);
  return resp.ok() && resp->status == 200;
}

}  // namespace ark::testing
