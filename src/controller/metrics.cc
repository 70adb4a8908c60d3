#include "controller/metrics.h"

#include <cstdio>
#include <sstream>

namespace ark::controller {
namespace {

// Backup and restore durations span seconds to hours (Ark's buckets).
const std::vector<double> kBuckets = {10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400};

struct Help {
  const char* name;
  const char* type;
  const char* help;
};

const Help kHelp[] = {
    {"ark_backup_attempt_total", "counter", "Total number of attempted backups"},
    {"ark_backup_success_total", "counter", "Total number of successful backups"},
    {"ark_backup_failure_total", "counter", "Total number of failed backups"},
    {"ark_backup_partial_failure_total", "counter", "Total number of partially failed backups"},
    {"ark_backup_duration_seconds", "histogram", "Time taken to complete backup, in seconds"},
    {"ark_backup_tarball_size_bytes", "gauge", "Size, in bytes, of a backup"},
    {"ark_backup_items_total", "gauge", "Total number of items backed up"},
    {"ark_restore_attempt_total", "counter", "Total number of attempted restores"},
    {"ark_restore_success_total", "counter", "Total number of successful restores"},
    {"ark_restore_failed_total", "counter", "Total number of failed restores"},
    {"ark_restore_partial_failure_total", "counter", "Total number of partially failed restores"},
    {"ark_restore_validation_failed_total", "counter",
     "Total number of failed restores failing validations"},
    {"ark_restore_duration_seconds", "histogram", "Time taken to complete restore, in seconds"},
    {"ark_restore_items_total", "gauge", "Total number of items restored"},
};

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Add(const std::string& name, const std::string& schedule, double delta) {
  std::lock_guard<std::mutex> lock(mu_);
  counters_[name][schedule] += delta;
}

void Metrics::Set(const std::string& name, const std::string& schedule, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  gauges_[name][schedule] = value;
}

void Metrics::Observe(const std::string& name, const std::string& schedule, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  Histogram& h = histograms_[name][schedule];
  if (h.counts.empty()) h.counts.assign(kBuckets.size(), 0);
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (value <= kBuckets[i]) h.counts[i] += 1;
  }
  h.sum += value;
  h.count += 1;
}

void Metrics::BackupAttempt(const std::string& s) { Add("ark_backup_attempt_total", s, 1); }
void Metrics::BackupSuccess(const std::string& s) { Add("ark_backup_success_total", s, 1); }
void Metrics::BackupFailure(const std::string& s) { Add("ark_backup_failure_total", s, 1); }
void Metrics::BackupPartialFailure(const std::string& s) {
  Add("ark_backup_partial_failure_total", s, 1);
}
void Metrics::BackupDuration(const std::string& s, double v) {
  Observe("ark_backup_duration_seconds", s, v);
}
void Metrics::BackupTarballSize(const std::string& s, double v) {
  Set("ark_backup_tarball_size_bytes", s, v);
}
void Metrics::BackupItems(const std::string& s, double v) { Set("ark_backup_items_total", s, v); }
void Metrics::RestoreAttempt(const std::string& s) { Add("ark_restore_attempt_total", s, 1); }
void Metrics::RestoreSuccess(const std::string& s) { Add("ark_restore_success_total", s, 1); }
void Metrics::RestoreFailure(const std::string& s) { Add("ark_restore_failed_total", s, 1); }
void Metrics::RestorePartialFailure(const std::string& s) {
  Add("ark_restore_partial_failure_total", s, 1);
}
void Metrics::RestoreValidationFailure(const std::string& s) {
  Add("ark_restore_validation_failed_total", s, 1);
}
void Metrics::RestoreDuration(const std::string& s, double v) {
  Observe("ark_restore_duration_seconds", s, v);
}
void Metrics::RestoreItems(const std::string& s, double v) { Set("ark_restore_items_total", s, v); }

void Metrics::BackupVerification(bool passed) {
  std::lock_guard<std::mutex> lock(mu_);
  (passed ? verifications_passed_ : verifications_failed_) += 1;
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::ostringstream out;
  for (const Help& help : kHelp) {
    out << "# HELP " << help.name << " " << help.help << "\n";
    out << "# TYPE " << help.name << " " << help.type << "\n";
    std::string name = help.name;
    if (auto it = counters_.find(name); it != counters_.end()) {
      for (const auto& [s, v] : it->second) {
        out << name << "{schedule=\"" << Escape(s) << "\"} " << Num(v) << "\n";
      }
    }
    if (auto it = gauges_.find(name); it != gauges_.end()) {
      for (const auto& [s, v] : it->second) {
        out << name << "{schedule=\"" << Escape(s) << "\"} " << Num(v) << "\n";
      }
    }
    if (auto it = histograms_.find(name); it != histograms_.end()) {
      for (const auto& [s, h] : it->second) {
        std::string label = "schedule=\"" + Escape(s) + "\"";
        for (size_t i = 0; i < kBuckets.size(); ++i) {
          out << name << "_bucket{" << label << ",le=\"" << Num(kBuckets[i]) << "\"} "
              << Num(h.counts[i]) << "\n";
        }
        out << name << "_bucket{" << label << ",le=\"+Inf\"} " << Num(h.count) << "\n";
        out << name << "_sum{" << label << "} " << Num(h.sum) << "\n";
        out << name << "_count{" << label << "} " << Num(h.count) << "\n";
      }
    }
  }
  // Labelled by result, not by schedule: a verification asks about a stored backup.
  out << "# HELP ark_backup_verification_total Total number of backup verifications, by result\n"
      << "# TYPE ark_backup_verification_total counter\n"
      << "ark_backup_verification_total{result=\"failed\"} " << Num(verifications_failed_) << "\n"
      << "ark_backup_verification_total{result=\"passed\"} " << Num(verifications_passed_) << "\n";
  return out.str();
}

}  // namespace ark::controller
