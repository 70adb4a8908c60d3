#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/backup.h"
#include "cli/session.h"
#include "util/byte_stream.h"
#include "util/result.h"

namespace ark::cli {

// What `ark backup describe` shows beyond the Backup object, read from the store: the
// server keeps only counts in the status, the messages are in the backup's log.
struct BackupReport {
  // {"warnings": Result, "errors": Result}, each Result shaped as a restore's
  // ({"ark": [...], "cluster": [...], "namespaces": {"<ns>": [...]}}); null when not read.
  nlohmann::json results;
  // With --details: {"<group-resource>": ["<ns>/<name>" | "<name>", ...]} from the
  // tarball's index, names sorted; null when not read.
  nlohmann::json resources;
  // With --details: one line per exec hook the backup ran, in log order; null when not read.
  nlohmann::json hooks;
  // Why something could not be read ("" when all was); describe prints it, it is no failure.
  std::string unavailable;
};

// One log line (`time="..." level=error msg="..." key=value ...`) as its key/value pairs in
// line order, quotes and escapes undone. A malformed tail ends the list early.
std::vector<std::pair<std::string, std::string>> ParseLogLine(std::string_view line);

// Folds a backup log's lines into `report`: warning and error lines become `results`
// (grouped by the line's namespace field, else cluster when it names a resource, else ark;
// a message seen twice is kept once; the run's closing summary is skipped) and exec hook
// lines become `hooks`. Feed it the log a line at a time, without the newline.
class BackupLogReader {
 public:
  void Line(std::string_view line);
  // {"warnings": ..., "errors": ...} and the hook lines.
  nlohmann::json Results() const;
  nlohmann::json Hooks() const { return hooks_; }

 private:
  nlohmann::json warnings_ = nlohmann::json::object();
  nlohmann::json errors_ = nlohmann::json::object();
  nlohmann::json hooks_ = nlohmann::json::array();
  std::map<std::string, bool> seen_;  // messages already placed
};

// The group-resources and items of a backup tarball (gzip'd tar), read entry by entry.
Result<nlohmann::json> ResourceList(ByteSource& tarball);

// Fills a report for `backup` through DownloadRequests: the log when the status counts
// warnings or errors or `details` is set; the contents (for the resource list) with
// `details`. A download that fails is named in `unavailable`.
BackupReport FetchBackupReport(Session& s, const api::Backup& backup, bool details,
                               std::chrono::milliseconds timeout);

}  // namespace ark::cli
