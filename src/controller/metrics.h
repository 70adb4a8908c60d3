#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace ark::controller {

// The server's Prometheus metrics (Ark v0.9 names), rendered in the text exposition format.
// Every series carries the label `schedule` ("" for backups not created by a schedule).
// Thread-safe.
class Metrics {
 public:
  void BackupAttempt(const std::string& schedule);
  void BackupSuccess(const std::string& schedule);
  void BackupFailure(const std::string& schedule);
  void BackupPartialFailure(const std::string& schedule);
  void BackupDuration(const std::string& schedule, double seconds);
  void BackupTarballSize(const std::string& schedule, double bytes);
  void BackupItems(const std::string& schedule, double items);

  void RestoreAttempt(const std::string& schedule);
  void RestoreSuccess(const std::string& schedule);
  void RestoreFailure(const std::string& schedule);
  void RestorePartialFailure(const std::string& schedule);
  void RestoreValidationFailure(const std::string& schedule);
  void RestoreDuration(const std::string& schedule, double seconds);
  void RestoreItems(const std::string& schedule, double items);

  // One verification of a stored backup finished (a request's or a backup's own, spec.verify):
  // ark_backup_verification_total{result="passed"|"failed"}, both series always shown.
  void BackupVerification(bool passed);

  // The whole text page served at /metrics.
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<double> counts;  // one per bucket of kBuckets, cumulative when rendered
    double sum = 0;
    double count = 0;
  };
  enum class Type { kCounter, kGauge };
  void Add(const std::string& name, const std::string& schedule, double delta);
  void Set(const std::string& name, const std::string& schedule, double value);
  void Observe(const std::string& name, const std::string& schedule, double value);

  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, double>> counters_;       // guarded by mu_
  std::map<std::string, std::map<std::string, double>> gauges_;         // guarded by mu_
  std::map<std::string, std::map<std::string, Histogram>> histograms_;  // guarded by mu_
  double verifications_passed_ = 0;                                     // guarded by mu_
  double verifications_failed_ = 0;                                     // guarded by mu_
};

}  // namespace ark::controller
