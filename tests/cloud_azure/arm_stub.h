#pragma once

// A stub of Azure Resource Manager (managed disks and snapshots) and of the Azure AD token
// endpoint, written from the public ARM, Compute (Disks / Snapshots: Create Or Update, Get,
// Delete; api-version pinned by the provider) and Microsoft identity platform
// (client-credentials grant) REST references, because no emulator of either exists.
// cpp-httplib on a free loopback port, in this process. Used by the ArmBlockStore unit tests
// and by the examples' end-to-end tests, where `ark server` reaches it through
// AZURE_AUTHORITY_HOST and AZURE_RESOURCE_MANAGER_ENDPOINT.
//
// What it checks, as the services do: the client id and secret of the token request (401
// invalid_client otherwise), the bearer token of every ARM call (401), the api-version (400),
// tag names without the reserved characters < > % & \ ? / (400 InvalidTagNameCharacters),
// that a snapshot copies an existing disk of this subscription and resource group and a disk
// an existing snapshot (404), in the source's location (400). Long-running operations answer
// InProgress `op_polls` times (Azure-AsyncOperation for snapshots, Location for disks), then
// Succeeded, or Failed when `fail_ops` is set. `throttle` answers that many calls with 429 and
// Retry-After: 7.

#include <httplib.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

namespace ark::testing {

struct ArmStubOptions {
  std::string subscription_id = "sub";
  std::string resource_group = "rg";
  std::string tenant_id = "tenant";
  std::string client_id = "c";
  std::string client_secret = "s";
  // The bearer token handed out and required.
  std::string access_token = "arm-token";
  // When set, 201/202 answers and InProgress polls carry this Retry-After (seconds).
  std::optional<int> retry_after;
};

class ArmStub {
 public:
  explicit ArmStub(ArmStubOptions options = {});
  ~ArmStub();
  ArmStub(const ArmStub&) = delete;
  ArmStub& operator=(const ArmStub&) = delete;

  // "http://127.0.0.1:PORT" (both the authority host and the ARM endpoint).
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/"
  std::string prefix() const;
  // The full resource id of disks/<name> or snapshots/<name>.
  std::string ResourceId(const std::string& kind, const std::string& name) const;

  // Locked views and edits of the state, for tests running beside a server that calls the stub.
  void PutDisk(const std::string& name, nlohmann::json disk);
  bool RemoveDisk(const std::string& name);
  std::map<std::string, nlohmann::json> Disks();
  std::map<std::string, nlohmann::json> Snapshots();
  int TokenRequests();
  int RejectedTokenRequests();

  struct Op {
    int remaining = 0;  // InProgress answers before the end; -1 = never ends
    std::string disk;   // for Location polls of a disk PUT
  };
  // State and knobs. Unit tests running the store in their own thread read and set them
  // directly; otherwise hold mu_.
  std::mutex mu_;
  std::map<std::string, nlohmann::json> disk_store;
  std::map<std::string, nlohmann::json> snapshot_store;
  std::map<int, Op> ops;
  int next_op = 1;
  int op_polls = 2;
  bool fail_ops = false;
  int throttle = 0;
  int arm_requests = 0;
  int polls = 0;
  int token_requests = 0;
  int rejected_token_requests = 0;

 private:
  // Checks token, throttling and api-version of an ARM call; false when `res` holds the answer.
  bool Admit(const httplib::Request& req, httplib::Response& res);
  void SetRetryAfter(httplib::Response& res) const;

  const ArmStubOptions options_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace ark::testing
