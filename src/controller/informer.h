#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kube/dynamic_client.h"
#include "util/log.h"

namespace ark::controller {

// "namespace/name" (or "name" for cluster-scoped objects): the work-queue key of an object.
std::string ObjectKey(const nlohmann::json& object);
// Splits a key made by ObjectKey.
void SplitKey(const std::string& key, std::string* ns, std::string* name);

// Keeps an in-memory copy of every object of one resource in one namespace, fed by LIST then
// WATCH (re-listing when the watch ends with an error), and calls the handlers for every
// object added or changed (and for every object after each re-list). Deleted objects are
// dropped from the cache and passed to the delete handlers.
//
// Handlers run on the informer's thread and must not block for long. Thread-safe.
class Informer {
 public:
  using Handler = std::function<void(const nlohmann::json& object)>;

  Informer(kube::DynamicClient& client, kube::GroupVersionResource gvr, std::string ns, Logger log);
  ~Informer();  // Stop()s

  void OnChange(Handler handler);  // before Start
  void OnDelete(Handler handler);  // before Start
  void Start();
  // Ends the watch, waiting up to 2 s for its thread: a watch blocked on a silent connection is
  // then abandoned (its thread keeps only shared state alive, calls no handler, and exits when
  // the connection ends; the client must outlive it).
  void Stop();
  // Asks the informer to stop without waiting (so several stop at once).
  void RequestStop();
  // Stop() that waits for the thread until `deadline` only, so several informers stopped one
  // after another share one wait (the server, whose client lives as long as the process).
  void StopBy(std::chrono::steady_clock::time_point deadline);
  // True once the first LIST has been loaded; waits up to `timeout`.
  bool WaitForSync(std::chrono::milliseconds timeout);

  std::optional<nlohmann::json> Get(const std::string& key) const;
  std::vector<nlohmann::json> List() const;

 private:
  struct State;
  static void Loop(std::shared_ptr<State> state);

  std::shared_ptr<State> state_;
  std::thread thread_;
};

}  // namespace ark::controller
