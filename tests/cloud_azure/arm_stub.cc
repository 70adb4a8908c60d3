#include "arm_stub.h"

#include "cloud/azure/arm_block_store.h"

namespace ark::testing {
namespace {

using nlohmann::json;

void Error(httplib::Response& res, int status, const std::string& code,
           const std::string& message) {
  res.status = status;
  res.set_content(json{{"error", {{"code", code}, {"message", message}}}}.dump(),
                  "application/json");
}

void AdError(httplib::Response& res, int status, const std::string& error,
             const std::string& description) {
  res.status = status;
  res.set_content(json{{"error", error}, {"error_description", description}}.dump(),
                  "application/json");
}

// ARM refuses tag names with these characters (or control characters).
bool ValidTagName(const std::string& name) {
  for (unsigned char c : name) {
    if (c < 0x20 || std::string("<>%&\\?/").find(static_cast<char>(c)) != std::string::npos)
      return false;
  }
  return !name.empty();
}

// 400 InvalidTagNameCharacters when `body` carries a tag ARM refuses; true when it is fine.
bool CheckTags(const json& body, httplib::Response& res) {
  if (!body.contains("tags")) return true;
  if (!body["tags"].is_object()) {
    Error(res, 400, "InvalidRequestContent", "tags must be an object of strings");
    return false;
  }
  std::string bad;
  for (const auto& [k, v] : body["tags"].items()) {
    if (!ValidTagName(k)) bad += (bad.empty() ? "" : ",") + k;
  }
  if (!bad.empty()) {
    Error(res, 400, "InvalidTagNameCharacters",
          "The tag names '" + bad +
              "' have reserved characters '<,>,%,&,\\,?,/' or control characters.");
    return false;
  }
  return true;
}

// The body of a resource PUT: a JSON object with a location and tags ARM accepts. Answers
// the error and returns false otherwise.
bool ReadResourceBody(const httplib::Request& req, httplib::Response& res, json* body) {
  *body = json::parse(req.body, nullptr, false);
  if (!body->is_object()) {
    Error(res, 400, "InvalidRequestContent", "The request content was invalid.");
    return false;
  }
  if (!body->contains("location")) {
    Error(res, 400, "LocationRequired", "The location property is required.");
    return false;
  }
  return CheckTags(*body, res);
}

// A copy (createOption Copy) is made in its source's region; 400 otherwise. Sources the test
// stored without a location match any.
bool SameLocation(const json& source, const json& body, httplib::Response& res) {
  if (!source.contains("location") || source["location"] == body["location"]) return true;
  Error(res, 400, "InvalidParameter",
        "The source resource is in location " + source["location"].dump() + ", not " +
            body["location"].dump() + ".");
  return false;
}

}  // namespace

ArmStub::ArmStub(ArmStubOptions options) : options_(std::move(options)) {
  server_.Post(R"(/([^/]+)/oauth2/v2\.0/token)", [this](const httplib::Request& req,
                                                        httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    ++token_requests;
    auto reject = [&](int status, const std::string& error, const std::string& description) {
      ++rejected_token_requests;
      AdError(res, status, error, description);
    };
    if (req.matches[1] != options_.tenant_id) {
      return reject(400, "invalid_request",
                    "AADSTS90002: Tenant '" + std::string(req.matches[1]) + "' not found.");
    }
    if (req.get_param_value("grant_type") != "client_credentials") {
      return reject(400, "unsupported_grant_type",
                    "AADSTS70003: The app requested an unsupported grant type.");
    }
    const std::string scope = req.get_param_value("scope");
    if (scope.size() < 9 || scope.compare(scope.size() - 9, 9, "/.default") != 0) {
      return reject(400, "invalid_scope",
                    "AADSTS1002012: The provided value for scope is not valid.");
    }
    if (req.get_param_value("client_id") != options_.client_id) {
      return reject(400, "unauthorized_client",
                    "AADSTS700016: Application not found in the directory.");
    }
    if (req.get_param_value("client_secret") != options_.client_secret) {
      return reject(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    }
    res.set_content(
        json{
            {"token_type", "Bearer"}, {"expires_in", 3599}, {"access_token", options_.access_token}}
            .dump(),
        "application/json");
  });

  const std::string disks = prefix() + "disks/([^/?]+)";
  const std::string snaps = prefix() + "snapshots/([^/?]+)";
  server_.Get(disks, [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = disk_store.find(req.matches[1]);
    if (it == disk_store.end())
      return Error(res, 404, "ResourceNotFound", "The Resource was not found.");
    res.set_content(it->second.dump(), "application/json");
  });
  server_.Put(disks, [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    std::lock_guard<std::mutex> lock(mu_);
    json body;
    if (!ReadResourceBody(req, res, &body)) return;
    if (body.contains("zones")) {
      const json& z = body["zones"];
      if (!z.is_array() || z.size() != 1 || !z[0].is_string() ||
          (z[0] != "1" && z[0] != "2" && z[0] != "3")) {
        return Error(res, 400, "InvalidParameter",
                     "zones must name one availability zone: 1, 2 or 3.");
      }
    }
    const json creation =
        body.value("properties", json::object()).value("creationData", json::object());
    const std::string source = creation.value("sourceResourceId", "");
    if (creation.value("createOption", "") != "Copy" ||
        source.rfind(prefix() + "snapshots/", 0) != 0) {
      return Error(res, 400, "InvalidParameter",
                   "creationData must copy a snapshot of this resource group.");
    }
    auto snapshot = snapshot_store.find(source.substr(source.rfind('/') + 1));
    if (snapshot == snapshot_store.end()) {
      return Error(res, 404, "NotFound", "Source snapshot " + source + " was not found.");
    }
    if (!SameLocation(snapshot->second, body, res)) return;
    body["name"] = std::string(req.matches[1]);
    body["id"] = ResourceId("disks", req.matches[1]);
    body["properties"]["provisioningState"] = "Updating";
    disk_store[req.matches[1]] = body;
    int id = next_op++;
    ops[id] = {op_polls, std::string(req.matches[1])};
    res.status = 202;
    SetRetryAfter(res);
    res.set_header("Location", url() + "/location/" + std::to_string(id));
  });
  server_.Put(snaps, [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    std::lock_guard<std::mutex> lock(mu_);
    json body;
    if (!ReadResourceBody(req, res, &body)) return;
    const json creation =
        body.value("properties", json::object()).value("creationData", json::object());
    const std::string source = creation.value("sourceResourceId", "");
    if (creation.value("createOption", "") != "Copy" || source.rfind(prefix() + "disks/", 0) != 0 ||
        disk_store.count(source.substr(source.rfind('/') + 1)) == 0) {
      return Error(res, 404, "NotFound", "Source disk " + source + " was not found.");
    }
    if (!SameLocation(disk_store[source.substr(source.rfind('/') + 1)], body, res)) return;
    body["name"] = std::string(req.matches[1]);
    body["id"] = ResourceId("snapshots", req.matches[1]);
    body["properties"]["provisioningState"] = "Succeeded";
    snapshot_store[req.matches[1]] = body;
    int id = next_op++;
    ops[id] = {op_polls, ""};
    res.status = 201;
    SetRetryAfter(res);
    res.set_header("Azure-AsyncOperation", url() + "/operations/" + std::to_string(id));
    res.set_content(body.dump(), "application/json");
  });
  server_.Get(snaps, [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = snapshot_store.find(req.matches[1]);
    if (it == snapshot_store.end())
      return Error(res, 404, "ResourceNotFound", "The Resource was not found.");
    res.set_content(it->second.dump(), "application/json");
  });
  server_.Delete(snaps, [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (snapshot_store.erase(req.matches[1]) == 0) {
      res.status = 204;
      return;
    }
    int id = next_op++;
    ops[id] = {0, ""};
    res.status = 202;
    SetRetryAfter(res);
    res.set_header("Azure-AsyncOperation", url() + "/operations/" + std::to_string(id));
  });
  server_.Get(R"(/operations/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    std::lock_guard<std::mutex> lock(mu_);
    auto& op = ops[std::stoi(req.matches[1])];
    ++polls;
    if (op.remaining != 0) {
      if (op.remaining > 0) --op.remaining;
      SetRetryAfter(res);
      res.set_content(R"({"status":"InProgress"})", "application/json");
    } else if (fail_ops) {
      res.set_content(
          R"({"status":"Failed","error":{"code":"InternalDiskManagementError","message":"boom"}})",
          "application/json");
    } else {
      res.set_content(R"({"status":"Succeeded"})", "application/json");
    }
  });
  server_.Get(R"(/location/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admit(req, res)) return;
    std::lock_guard<std::mutex> lock(mu_);
    auto& op = ops[std::stoi(req.matches[1])];
    ++polls;
    if (op.remaining != 0) {
      if (op.remaining > 0) --op.remaining;
      res.status = 202;
      SetRetryAfter(res);
      return;
    }
    disk_store[op.disk]["properties"]["provisioningState"] = "Succeeded";
    res.status = 200;
    res.set_content(disk_store[op.disk].dump(), "application/json");
  });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

ArmStub::~ArmStub() {
  server_.stop();
  thread_.join();
}

std::string ArmStub::prefix() const {
  return "/subscriptions/" + options_.subscription_id + "/resourceGroups/" +
         options_.resource_group + "/providers/Microsoft.Compute/";
}

std::string ArmStub::ResourceId(const std::string& kind, const std::string& name) const {
  return prefix() + kind + "/" + name;
}

bool ArmStub::Admit(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mu_);
  ++arm_requests;
  if (req.get_header_value("Authorization") != "Bearer " + options_.access_token) {
    Error(res, 401, "InvalidAuthenticationToken", "The access token is invalid.");
    return false;
  }
  if (throttle > 0) {
    --throttle;
    res.status = 429;
    res.set_header("Retry-After", "7");
    res.set_content(R"({"error":{"code":"TooManyRequests","message":"throttled"}})",
                    "application/json");
    return false;
  }
  if (req.path.rfind(prefix(), 0) == 0 &&
      req.get_param_value("api-version") != cloud::azure::kComputeApiVersion) {
    Error(res, 400, "InvalidApiVersionParameter", "The api-version is invalid.");
    return false;
  }
  return true;
}

void ArmStub::SetRetryAfter(httplib::Response& res) const {
  if (options_.retry_after) res.set_header("Retry-After", std::to_string(*options_.retry_after));
}

void ArmStub::PutDisk(const std::string& name, nlohmann::json disk) {
  std::lock_guard<std::mutex> lock(mu_);
  disk_store[name] = std::move(disk);
}

bool ArmStub::RemoveDisk(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  return disk_store.erase(name) > 0;
}

std::map<std::string, nlohmann::json> ArmStub::Disks() {
  std::lock_guard<std::mutex> lock(mu_);
  return disk_store;
}

std::map<std::string, nlohmann::json> ArmStub::Snapshots() {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_store;
}

int ArmStub::TokenRequests() {
  std::lock_guard<std::mutex> lock(mu_);
  return token_requests;
}

int ArmStub::RejectedTokenRequests() {
  std::lock_guard<std::mutex> lock(mu_);
  return rejected_token_requests;
}

}  // namespace ark::testing
