#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "stub.h"

namespace ark::testing {

// An in-memory Compute Engine API (compute/v1) written from Google's reference, for the calls
// ark makes: disks.get, disks.createSnapshot, disks.insert, snapshots.get, snapshots.delete, and
// zoneOperations.get / globalOperations.get. Every operation starts PENDING and moves one
// step (RUNNING, then DONE) each time it is polled; its effect (snapshot made, disk READY,
// snapshot gone) lands at DONE. Requests must carry "Authorization: Bearer <token>" with the
// given token, or one the given predicate accepts.
class ComputeStub {
 public:
  struct Disk {
    std::string type, status, source_snapshot;
    nlohmann::json provisioned_iops;
  };
  struct Snapshot {
    std::string source_disk;
    std::map<std::string, std::string> labels;
    std::string source_zone;
  };

  ComputeStub(StubServer& server, std::string token)
      : ComputeStub(server, [token](const std::string& t) { return t == token; }) {}
  ComputeStub(StubServer& server, std::function<bool(const std::string&)> accept_token)
      : accept_token_(std::move(accept_token)) {
    auto& s = server.server();
    const std::string p = R"(/compute/v1/projects/([^/]+))";
    s.Get(p + R"(/zones/([^/]+)/disks/([^/]+))",
          [this](const httplib::Request& req, httplib::Response& res) {
            if (!Admit(req, res)) return;
            std::lock_guard<std::mutex> lock(mu_);
            auto it = disks_.find(Key(req.matches[1], req.matches[2], req.matches[3]));
            if (it == disks_.end()) return NotFound(res, "disk", req.matches[3]);
            nlohmann::json doc = {{"kind", "compute#disk"},
                                  {"name", std::string(req.matches[3])},
                                  {"type", it->second.type},
                                  {"status", it->second.status}};
            if (!it->second.provisioned_iops.is_null())
              doc["provisionedIops"] = it->second.provisioned_iops;
            res.set_content(doc.dump(), "application/json");
          });
    s.Post(p + R"(/zones/([^/]+)/disks/([^/]+)/createSnapshot)",
           [this](const httplib::Request& req, httplib::Response& res) {
             if (!Admit(req, res)) return;
             std::lock_guard<std::mutex> lock(mu_);
             if (!disks_.count(Key(req.matches[1], req.matches[2], req.matches[3]))) {
               return NotFound(res, "disk", req.matches[3]);
             }
             auto body = nlohmann::json::parse(req.body, nullptr, false);
             std::string name = body.value("name", "");
             std::string zone = req.matches[2];
             Snapshot snap{std::string(req.matches[3]),
                           body.value("labels", std::map<std::string, std::string>{}), zone};
             StartOperation(res, "zones/" + zone, [this, name, snap] { snapshots_[name] = snap; });
           });
    s.Post(
        p + R"(/zones/([^/]+)/disks)", [this](const httplib::Request& req, httplib::Response& res) {
          if (!Admit(req, res)) return;
          std::lock_guard<std::mutex> lock(mu_);
          auto body = nlohmann::json::parse(req.body, nullptr, false);
          std::string key = Key(req.matches[1], req.matches[2], body.value("name", ""));
          Disk disk{body.value("type", "pd-standard"), "CREATING", body.value("sourceSnapshot", ""),
                    body.value("provisionedIops", nlohmann::json())};
          disks_[key] = disk;
          StartOperation(res, "zones/" + std::string(req.matches[2]),
                         [this, key] { disks_[key].status = "READY"; });
        });
    s.Get(p + R"(/global/snapshots/([^/]+))",
          [this](const httplib::Request& req, httplib::Response& res) {
            if (!Admit(req, res)) return;
            std::lock_guard<std::mutex> lock(mu_);
            std::string name = req.matches[2];
            auto it = snapshots_.find(name);
            if (it == snapshots_.end()) return NotFound(res, "snapshot", name);
            nlohmann::json doc = {{"kind", "compute#snapshot"},
                                  {"name", name},
                                  {"status", "READY"},
                                  {"sourceDisk", it->second.source_disk},
                                  {"labels", it->second.labels}};
            res.set_content(doc.dump(), "application/json");
          });
    s.Delete(p + R"(/global/snapshots/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               if (!Admit(req, res)) return;
               std::lock_guard<std::mutex> lock(mu_);
               std::string name = req.matches[2];
               if (!snapshots_.count(name)) return NotFound(res, "snapshot", name);
               StartOperation(res, "global", [this, name] { snapshots_.erase(name); });
             });
    auto get_op = [this](const httplib::Request& req, httplib::Response& res) {
      if (!Admit(req, res)) return;
      std::lock_guard<std::mutex> lock(mu_);
      ++polls_;
      auto it = operations_.find(req.matches[req.matches.size() - 1]);
      if (it == operations_.end())
        return NotFound(res, "operation", req.matches[req.matches.size() - 1]);
      Operation& op = it->second;
      if (op.status == "PENDING") {
        op.status = "RUNNING";
      } else if (op.status == "RUNNING" && !op.stuck) {
        op.status = "DONE";
        if (op.error.is_null()) op.effect();
      }
      res.set_content(OperationJson(it->first, op).dump(), "application/json");
    };
    s.Get(p + R"(/zones/([^/]+)/operations/([^/]+))", get_op);
    s.Get(p + R"(/global/operations/([^/]+))", get_op);
  }

  void AddDisk(const std::string& project, const std::string& zone, const std::string& name,
               Disk disk) {
    std::lock_guard<std::mutex> lock(mu_);
    disks_[Key(project, zone, name)] = std::move(disk);
  }
  std::optional<Disk> GetDisk(const std::string& project, const std::string& zone,
                              const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = disks_.find(Key(project, zone, name));
    if (it == disks_.end()) return std::nullopt;
    return it->second;
  }
  // Removes a disk, as the cloud does when a PV with reclaim policy Delete goes away.
  bool DeleteDisk(const std::string& project, const std::string& zone, const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    return disks_.erase(Key(project, zone, name)) > 0;
  }
  // Every disk, keyed "<project>/<zone>/<name>".
  std::map<std::string, Disk> Disks() {
    std::lock_guard<std::mutex> lock(mu_);
    return disks_;
  }
  // Every snapshot, by name.
  std::map<std::string, Snapshot> Snapshots() {
    std::lock_guard<std::mutex> lock(mu_);
    return snapshots_;
  }
  std::optional<Snapshot> GetSnapshot(const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = snapshots_.find(name);
    if (it == snapshots_.end()) return std::nullopt;
    return it->second;
  }
  // Removes a snapshot, as someone deleting it in the console does.
  bool RemoveSnapshot(const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    return snapshots_.erase(name) > 0;
  }
  // The next operation started ends DONE with this error instead of taking effect.
  void FailNextOperation(nlohmann::json error) {
    std::lock_guard<std::mutex> lock(mu_);
    next_error_ = std::move(error);
  }
  // The next operation started never gets past RUNNING.
  void StickNextOperation() { stick_next_ = true; }
  // The next `n` requests get 429 (rateLimitExceeded), before any other check.
  void ThrottleNext(int n) { throttle_next_ = n; }
  int polls() const { return polls_.load(); }

 private:
  struct Operation {
    std::string scope, status;
    std::function<void()> effect;
    nlohmann::json error;
    bool stuck = false;
  };

  static std::string Key(const std::string& project, const std::string& zone,
                         const std::string& name) {
    return project + "/" + zone + "/" + name;
  }
  static void NotFound(httplib::Response& res, const std::string& kind, const std::string& name) {
    res.status = 404;
    res.set_content(
        GoogleError(404, "notFound", "The resource '" + kind + "/" + name + "' was not found"),
        "application/json");
  }
  static nlohmann::json OperationJson(const std::string& name, const Operation& op) {
    nlohmann::json doc = {{"kind", "compute#operation"}, {"name", name}, {"status", op.status}};
    if (op.status == "DONE" && !op.error.is_null()) doc["error"] = op.error;
    return doc;
  }
  void StartOperation(httplib::Response& res, const std::string& scope,
                      std::function<void()> effect) {
    std::string name = "operation-" + std::to_string(++next_op_);
    Operation op{scope, "PENDING", std::move(effect), std::move(next_error_),
                 stick_next_.exchange(false)};
    next_error_ = nlohmann::json();
    res.set_content(OperationJson(name, op).dump(), "application/json");
    operations_[name] = std::move(op);
  }
  bool Admit(const httplib::Request& req, httplib::Response& res) {
    if (throttle_next_.load() > 0) {
      --throttle_next_;
      res.status = 429;
      res.set_content(
          GoogleError(429, "rateLimitExceeded", "Quota exceeded for quota metric 'Queries'"),
          "application/json");
      return false;
    }
    const std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) != 0 || !accept_token_(auth.substr(7))) {
      res.status = 401;
      res.set_content(GoogleError(401, "authError", "Invalid Credentials"), "application/json");
      return false;
    }
    return true;
  }

  const std::function<bool(const std::string&)> accept_token_;
  std::mutex mu_;
  std::map<std::string, Disk> disks_;
  std::map<std::string, Snapshot> snapshots_;
  std::map<std::string, Operation> operations_;
  nlohmann::json next_error_;
  int next_op_ = 0;
  std::atomic<bool> stick_next_{false};
  std::atomic<int> throttle_next_{0};
  std::atomic<int> polls_{0};
};

}  // namespace ark::testing
