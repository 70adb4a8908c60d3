#include "cloud/azure/arm_block_store.h"

#include <nlohmann/json.hpp>
#include <random>
#include <string_view>

#include "cloud/azure/shared_key.h"
#include "cloud/azure/volume_id.h"

namespace ark::cloud::azure {
namespace {

std::string NewUuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    int v = static_cast<int>(rng() & 15);
    if (i == 12) v = 4;
    if (i == 16) v = 8 | (v & 3);
    out += hex[v];
  }
  return out;
}

std::optional<std::chrono::milliseconds> RetryAfter(const http::Response& r) {
  auto v = r.headers.Get("Retry-After");
  if (!v) return std::nullopt;
  char* end = nullptr;
  long secs = std::strtol(v->c_str(), &end, 10);
  if (end == v->c_str() || secs < 0 || secs > 3600) return std::nullopt;
  return std::chrono::milliseconds(secs * 1000);
}

Status ArmError(const http::Response& r, const std::string& what) {
  nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
  std::string code, message;
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    code = doc["error"].value("code", "");
    message = doc["error"].value("message", "");
  }
  Code c = r.status == 404   ? Code::kNotFound
           : r.status == 401 ? Code::kUnauthenticated
           : r.status == 403 ? Code::kPermissionDenied
           : r.status == 409 ? Code::kConflict
           : r.status == 400 ? Code::kInvalidArgument
           : r.status == 429 ? Code::kResourceExhausted
           : r.status >= 500 ? Code::kUnavailable
                             : Code::kInternal;
  Status s(c, what + ": HTTP " + std::to_string(r.status) + (code.empty() ? "" : " " + code) +
                  (message.empty() ? "" : ": " + message));
  s.WithHttp(r.status, code);
  return s;
}

}  // namespace

std::string ArmTagName(const std::string& key) {
  std::string out = key;
  for (char& c : out) {
    if (std::string_view("<>%&\\?/").find(c) != std::string_view::npos) c = '-';
  }
  return out;
}

std::string DiskZone(const std::string& az, const std::string& sku) {
  if (sku.size() >= 4 && sku.compare(sku.size() - 4, 4, "_ZRS") == 0) return "";
  size_t dash = az.rfind('-');
  if (dash == std::string::npos || dash + 1 == az.size()) return "";
  std::string zone = az.substr(dash + 1);
  for (char c : zone) {
    if (c < '0' || c > '9') return "";
  }
  return zone;
}

ArmBlockStore::ArmBlockStore(ArmOptions options, std::shared_ptr<http::Client> client,
                             std::shared_ptr<AdTokenSource> tokens, const Clock& clock)
    : options_(std::move(options)),
      client_(std::move(client)),
      tokens_(std::move(tokens)),
      clock_(clock) {}

std::string ArmBlockStore::ResourceId(const std::string& kind, const std::string& name) const {
  return "/subscriptions/" + options_.subscription_id + "/resourceGroups/" +
         options_.resource_group + "/providers/Microsoft.Compute/" + kind + "/" + name;
}

Result<http::Response> ArmBlockStore::Call(const std::string& method, const std::string& url,
                                           const std::string& body, Clock::TimePoint deadline,
                                           const std::string& what) {
  for (;;) {
    ARK_ASSIGN_OR_RETURN(std::string token, tokens_->Token());
    http::Request req;
    req.method = method;
    req.url = url;
    req.headers.Set("Authorization", "Bearer " + token);
    if (!body.empty()) {
      req.headers.Set("Content-Type", "application/json");
      req.body = body;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_.Now());
    if (left.count() <= 0) return DeadlineExceeded(what + ": apiTimeout passed");
    req.timeout = left;
    Result<http::Response> r = client_->Send(req);
    std::chrono::milliseconds wait = options_.poll_interval;
    if (r.ok()) {
      if (r->status != 429 && r->status < 500) return r;
      if (auto after = RetryAfter(*r)) wait = *after;
    } else if (r.status().code() == Code::kDeadlineExceeded) {
      Status s = r.status();
      s.Annotate(what);
      return s;
    }
    if (clock_.Now() + wait >= deadline) {
      if (r.ok()) return ArmError(*r, what + " (retried until apiTimeout)");
      Status s = r.status();
      s.Annotate(what);
      return s;
    }
    clock_.SleepFor(wait);
  }
}

Status ArmBlockStore::Await(const http::Response& started, Clock::TimePoint deadline,
                            const std::string& what) {
  auto async_url = started.headers.Get("Azure-AsyncOperation");
  auto location = started.headers.Get("Location");
  if (!async_url && !(location && started.status == 202)) return Status::Ok();
  std::chrono::milliseconds wait = RetryAfter(started).value_or(options_.poll_interval);
  for (;;) {
    if (clock_.Now() + wait >= deadline) {
      return DeadlineExceeded(what + ": operation still running after apiTimeout");
    }
    clock_.SleepFor(wait);
    ARK_ASSIGN_OR_RETURN(http::Response r,
                         Call("GET", async_url ? *async_url : *location, "", deadline, what));
    wait = RetryAfter(r).value_or(options_.poll_interval);
    if (async_url) {
      if (r.status != 200) return ArmError(r, what);
      nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
      std::string status = doc.is_object() ? doc.value("status", "") : "";
      if (status == "Succeeded") return Status::Ok();
      if (status == "Failed" || status == "Canceled") {
        std::string code, message;
        if (doc.contains("error") && doc["error"].is_object()) {
          code = doc["error"].value("code", "");
          message = doc["error"].value("message", "");
        }
        Status s(Code::kAborted, what + ": operation " + status + (code.empty() ? "" : " " + code) +
                                     (message.empty() ? "" : ": " + message));
        s.WithHttp(200, code);
        return s;
      }
    } else {
      if (r.status == 202) continue;
      if (r.status >= 200 && r.status < 300) return Status::Ok();
      return ArmError(r, what);
    }
  }
}

Result<std::string> ArmBlockStore::GetVolumeId(const nlohmann::json& pv) {
  return DiskNameOfPv(pv);
}

Status ArmBlockStore::SetVolumeId(nlohmann::json& pv, const std::string& volume_id) {
  return SetDiskNameOfPv(pv, volume_id);
}

Result<VolumeInfo> ArmBlockStore::GetVolumeInfo(const std::string& volume_id, const std::string&) {
  const std::string what = "getting disk \"" + volume_id + "\"";
  ARK_ASSIGN_OR_RETURN(http::Response r, Call("GET",
                                              options_.endpoint + ResourceId("disks", volume_id) +
                                                  "?api-version=" + kComputeApiVersion,
                                              "", clock_.Now() + options_.api_timeout, what));
  if (r.status != 200) return ArmError(r, what);
  nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
  if (!doc.is_object() || !doc.contains("sku") || !doc["sku"].is_object() ||
      !doc["sku"].contains("name") || !doc["sku"]["name"].is_string()) {
    return DataLoss(what + ": response has no sku.name");
  }
  return VolumeInfo{doc["sku"]["name"].get<std::string>(), std::nullopt};
}

Status ArmBlockStore::PutAndAwait(const std::string& type, const std::string& name,
                                  const nlohmann::json& body, const std::string& what) {
  const auto deadline = clock_.Now() + options_.api_timeout;
  ARK_ASSIGN_OR_RETURN(
      http::Response r,
      Call("PUT", options_.endpoint + ResourceId(type, name) + "?api-version=" + kComputeApiVersion,
           body.dump(), deadline, what));
  if (r.status != 200 && r.status != 201 && r.status != 202) return ArmError(r, what);
  return Await(r, deadline, what);
}

Result<std::string> ArmBlockStore::CreateSnapshot(const std::string& volume_id, const std::string&,
                                                  const std::map<std::string, std::string>& tags) {
  std::string name = (volume_id + "-" + NewUuid()).substr(0, 80);
  const std::string what = "creating snapshot \"" + name + "\" of disk \"" + volume_id + "\"";
  nlohmann::json arm_tags = nlohmann::json::object();
  for (const auto& [k, v] : tags) arm_tags[ArmTagName(k)] = v;
  nlohmann::json body = {
      {"location", options_.location},
      {"tags", arm_tags},
      {"properties",
       {{"creationData",
         {{"createOption", "Copy"}, {"sourceResourceId", ResourceId("disks", volume_id)}}}}}};
  ARK_RETURN_IF_ERROR(PutAndAwait("snapshots", name, body, what));
  return name;
}

Result<std::string> ArmBlockStore::CreateVolumeFromSnapshot(const std::string& snapshot_id,
                                                            const std::string& volume_type,
                                                            const std::string& az,
                                                            std::optional<int64_t>) {
  std::string name = "restore-" + NewUuid();
  const std::string what = "creating disk \"" + name + "\" from snapshot \"" + snapshot_id + "\"";
  nlohmann::json body = {
      {"location", options_.location},
      {"sku", {{"name", volume_type}}},
      {"properties",
       {{"creationData",
         {{"createOption", "Copy"}, {"sourceResourceId", ResourceId("snapshots", snapshot_id)}}}}}};
  if (std::string zone = DiskZone(az, volume_type); !zone.empty())
    body["zones"] = nlohmann::json::array({zone});
  ARK_RETURN_IF_ERROR(PutAndAwait("disks", name, body, what));
  return name;
}

Result<bool> ArmBlockStore::IsVolumeReady(const std::string& volume_id, const std::string&) {
  const std::string what = "getting disk \"" + volume_id + "\"";
  ARK_ASSIGN_OR_RETURN(http::Response r, Call("GET",
                                              options_.endpoint + ResourceId("disks", volume_id) +
                                                  "?api-version=" + kComputeApiVersion,
                                              "", clock_.Now() + options_.api_timeout, what));
  if (r.status != 200) return ArmError(r, what);
  nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
  if (!doc.is_object() || !doc.contains("properties") || !doc["properties"].is_object()) {
    return DataLoss(what + ": response has no properties");
  }
  return doc["properties"].value("provisioningState", "") == "Succeeded";
}

Status ArmBlockStore::DeleteSnapshot(const std::string& snapshot_id) {
  const std::string what = "deleting snapshot \"" + snapshot_id + "\"";
  const auto deadline = clock_.Now() + options_.api_timeout;
  ARK_ASSIGN_OR_RETURN(http::Response r,
                       Call("DELETE",
                            options_.endpoint + ResourceId("snapshots", snapshot_id) +
                                "?api-version=" + kComputeApiVersion,
                            "", deadline, what));
  if (r.status == 404 || r.status == 204) return Status::Ok();
  if (r.status != 200 && r.status != 202) return ArmError(r, what);
  return Await(r, deadline, what);
}

Result<bool> ArmBlockStore::SnapshotExists(const std::string& snapshot_id) {
  const std::string what = "getting snapshot \"" + snapshot_id + "\"";
  ARK_ASSIGN_OR_RETURN(http::Response r,
                       Call("GET",
                            options_.endpoint + ResourceId("snapshots", snapshot_id) +
                                "?api-version=" + kComputeApiVersion,
                            "", clock_.Now() + options_.api_timeout, what));
  if (r.status == 404) return false;
  if (r.status != 200) return ArmError(r, what);
  return true;
}

}  // namespace ark::cloud::azure
