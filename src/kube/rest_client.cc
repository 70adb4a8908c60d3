#include "kube/rest_client.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>

#include "http/redact.h"
#include "kube/status_mapping.h"

namespace ark::kube {
namespace {

constexpr std::chrono::milliseconds kMaxRetryAfter{60'000};

bool Retriable(const Status& transport_error) {
  return transport_error.code() == Code::kUnavailable ||
         transport_error.code() == Code::kDeadlineExceeded;
}

std::string Describe(const http::Request& request) {
  return request.method + " " + http::RedactUrl(request.url);
}

}  // namespace

Result<std::shared_ptr<RestClient>> RestClient::New(const RestConfig& config, ClientEnv env) {
  if (config.server.empty()) {
    return InvalidArgument(
        "Kubernetes client: no server address" +
        (config.context.empty() ? std::string() : " (context \"" + config.context + "\")"));
  }
  if (config.server.rfind("http://", 0) != 0 && config.server.rfind("https://", 0) != 0) {
    return InvalidArgument("Kubernetes client: server \"" + config.server +
                           "\" is not an http:// or https:// URL");
  }
  std::optional<http::ClientOptions> built;
  if (!env.transport) {
    http::ClientOptions options;
    options.tls = config.tls;
    options.default_timeout = config.timeout;
    options.user_agent = "ark/kube";
    options.logger = env.logger;
    ARK_ASSIGN_OR_RETURN(auto client, http::NewCurlClient(options));
    env.transport = std::shared_ptr<http::Client>(std::move(client));
    built = options;
  }
  std::shared_ptr<RestClient> rest(new RestClient(config, std::move(env)));
  rest->transport_options_ = std::move(built);
  return rest;
}

int BurstFor(const RestConfig& config) {
  if (config.burst > 0) return config.burst;
  if (config.qps <= 0) return kDefaultBurst;
  // A rate asked for without a burst: one second's worth, so the rate holds from the start
  // rather than after kDefaultBurst requests.
  return std::max(1, static_cast<int>(std::ceil(config.qps)));
}

RestClient::RestClient(const RestConfig& config, ClientEnv env)
    : config_(config),
      server_(config.server.back() == '/' ? config.server.substr(0, config.server.size() - 1)
                                          : config.server),
      clock_(env.clock ? env.clock : &SystemClock()),
      random_(env.random ? std::move(env.random) : std::function<double()>(JitterRandom)),
      transport_(std::move(env.transport)),
      logger_(env.logger ? *env.logger : ProcessLogger()),
      backoff_(env.backoff),
      credentials_(config, *clock_),
      limiter_(config.qps > 0 ? config.qps : kDefaultQps, BurstFor(config), *clock_) {}

std::optional<std::chrono::milliseconds> RestClient::RetryAfter(const http::Response& response) {
  auto after = response.headers.Get("Retry-After");
  if (!after) return std::nullopt;
  int64_t seconds = -1;
  auto [p, ec] = std::from_chars(after->data(), after->data() + after->size(), seconds);
  if (ec != std::errc() || seconds < 0) return std::nullopt;
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(seconds), kMaxRetryAfter);
}

Result<std::shared_ptr<http::Client>> RestClient::TransportFor(const Credentials::Auth& auth) {
  if (auth.client_cert_data.empty()) return transport_;
  if (!transport_options_) {
    return FailedPrecondition(
        "Kubernetes client: the exec plugin's client certificate needs "
        "the client's own transport, and this one was given another");
  }
  std::lock_guard<std::mutex> lock(cert_mu_);
  std::string key = auth.client_cert_data + '\0' + auth.client_key_data;
  if (cert_transport_ == nullptr || key != cert_transport_key_) {
    http::ClientOptions options = *transport_options_;
    options.tls.client_cert_data = auth.client_cert_data;
    options.tls.client_key_data = auth.client_key_data;
    options.tls.client_cert_file.clear();
    options.tls.client_key_file.clear();
    ARK_ASSIGN_OR_RETURN(auto client, http::NewCurlClient(options));
    cert_transport_ = std::shared_ptr<http::Client>(std::move(client));
    cert_transport_key_ = std::move(key);
  }
  return cert_transport_;
}

Result<http::Response> RestClient::Do(http::Request request, bool idempotent) {
  request.url = server_ + request.url;
  if (!request.headers.Get("Accept")) request.headers.Set("Accept", "application/json");
  // Streaming requests are retried only while nothing has been handed to the caller.
  auto delivered = std::make_shared<std::atomic<bool>>(false);
  if (request.on_body) {
    request.on_body = [inner = std::move(request.on_body), delivered](std::string_view chunk) {
      delivered->store(true);
      return inner(chunk);
    };
  }
  bool refreshed_credentials = false;
  RetryBudget retries(backoff_, *clock_, random_);
  while (true) {
    limiter_.Wait();
    ARK_ASSIGN_OR_RETURN(Credentials::Auth auth, credentials_.Current());
    if (!auth.header.empty()) request.headers.Set("Authorization", auth.header);
    ARK_ASSIGN_OR_RETURN(std::shared_ptr<http::Client> transport, TransportFor(auth));
    Result<http::Response> sent = transport->Send(request);
    if (!sent.ok()) {
      Status error = std::move(sent).status();
      if (!idempotent || !Retriable(error) || delivered->load()) return error;
      if (!retries.Wait()) return retries.GaveUp(error);
      logger_.Debug("retrying Kubernetes request", {{"request", Describe(request)},
                                                    {"error", error.ToString()},
                                                    {"try", std::to_string(retries.tries())}});
      continue;
    }
    http::Response& response = *sent;
    if (response.status >= 200 && response.status < 300) return std::move(response);
    if (response.status == 401 && !refreshed_credentials && credentials_.Invalidate()) {
      refreshed_credentials = true;
      continue;
    }
    const bool throttled = response.status == 429;
    const bool server_error = response.status >= 500 && response.status != 501;
    Status error = StatusFromResponse(response, Describe(request));
    if (!throttled && !(server_error && idempotent)) return error;
    if (!retries.Wait(RetryAfter(response))) return retries.GaveUp(error);
    logger_.Debug("retrying Kubernetes request", {{"request", Describe(request)},
                                                  {"status", std::to_string(response.status)},
                                                  {"try", std::to_string(retries.tries())}});
  }
}

}  // namespace ark::kube
