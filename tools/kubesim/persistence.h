#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "kubesim/objects.h"

namespace ark::kubesim {

// Saves the whole object database to <dir>/state.jsonl (one {"key":..,"object":..} line per
// object, written to a temp file and renamed) and loads it back at start, re-serving the
// resources of stored CRDs. A background thread saves every `interval` when something
// changed; Save() is also called at shutdown. Thread-safe.
class Persistence {
 public:
  Persistence(Objects& objects, std::string dir, std::chrono::milliseconds interval);
  ~Persistence();  // stops the thread (without a final save: call Save())

  // Loads the state file if there is one. DataLoss naming the file and line on a bad file.
  Status Load();
  Status Save();
  void StartBackground();

 private:
  std::string Path() const { return dir_ + "/state.jsonl"; }

  Objects& objects_;
  const std::string dir_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;  // serializes saves
  std::mutex stop_mu_;
  std::condition_variable cv_;
  bool stop_ = false;      // guarded by stop_mu_
  uint64_t saved_rv_ = 0;  // guarded by mu_
  std::thread thread_;
};

}  // namespace ark::kubesim
