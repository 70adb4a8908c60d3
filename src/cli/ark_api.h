#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/limits.h"
#include "cli/session.h"
#include "kube/resource.h"
#include "util/byte_stream.h"
#include "util/result.h"
#include "util/temp_file.h"

namespace ark::cli {

// The Ark kinds the CLI handles, by their user-facing singular ("backup", "restore", ...).
struct Kind {
  const char* singular;  // "backup"
  const char* title;     // "Backup"
  kube::GroupVersionResource gvr;
};
const Kind& BackupKind();
const Kind& RestoreKind();
const Kind& ScheduleKind();

// InvalidArgument `invalid backup name "NB": use lowercase letters, ...` unless the API server
// would take `name` for an object of `kind`: a DNS-1123 subdomain of at most `max` characters
// (253 for any object; a new Backup's or Schedule's limit is lower, see api/validation.h).
// Commands check their name arguments with it before any request, as kubectl does.
Status CheckName(const Kind& kind, const std::string& name, size_t max = api::kMaxNameLength);
// CheckName for each of `names`.
Status CheckNames(const Kind& kind, const std::vector<std::string>& names);

// Reads one object; NotFound becomes `backup "x" not found in namespace "heptio-ark"`.
Result<nlohmann::json> GetArkObject(Session& s, const Kind& kind, const std::string& name);
// The Backup named `name` from the cluster or, when the cluster has none, whether the server
// finds it in object storage (std::nullopt: it is there, not yet synced). NotFound says where
// it was searched; when the server does not answer, that the store could not be searched.
Result<std::optional<nlohmann::json>> FindBackup(Session& s, const std::string& name);
// Every object of `kind` in the session's namespace matching `selector` ("" = all), sorted
// as Ark sorts names.
Result<std::vector<nlohmann::json>> ListArkObjects(Session& s, const Kind& kind,
                                                   const std::string& selector);
// The named objects, or every one when `names` is empty.
Result<std::vector<nlohmann::json>> GetOrList(Session& s, const Kind& kind,
                                              const std::vector<std::string>& names,
                                              const std::string& selector);

// Asks the server for a download URL through a DownloadRequest named
// <name>-<YYYYMMDDhhmmss>, fetches it (file:// or http(s)://) and deletes the request.
// `kind` is BackupLog, BackupContents, RestoreLog or RestoreResults. DeadlineExceeded says
// the server did not answer in `timeout` (is `ark server` running?).
Result<std::string> Download(Session& s, const std::string& kind, const std::string& name,
                             std::chrono::milliseconds timeout);
// The first half of Download: the URL the server signed, without fetching it. NotFound when the
// object is not in object storage.
Result<std::string> ResolveDownloadUrl(Session& s, const std::string& kind, const std::string& name,
                                       std::chrono::milliseconds timeout);
// Download streamed into `out` as it arrives (a backup's contents grow with the cluster).
Status DownloadTo(Session& s, const std::string& kind, const std::string& name,
                  std::chrono::milliseconds timeout, ByteSink& out);
// Download staged in a new temp file, removed when the result goes out of scope.
Result<TempFile> DownloadToTempFile(Session& s, const std::string& kind, const std::string& name,
                                    std::chrono::milliseconds timeout);
// Downloads a gzipped log (BackupLog, RestoreLog) and prints it to s.out(), decompressing as
// it goes: a log has a line per item, so it is staged in a temp file, not held in memory.
// `what` names the log in errors ("backup log of \"nginx-backup\"").
Status PrintLog(Session& s, const std::string& kind, const std::string& name,
                std::chrono::milliseconds timeout, const std::string& what);

// Polls `name` until its phase is not "", New or InProgress; calls `on_poll` with each
// version seen. DeadlineExceeded when the phase is still ""/New after `pickup_timeout`
// (nothing processes it: the server is not running).
Result<nlohmann::json> WaitForPhase(Session& s, const Kind& kind, const std::string& name,
                                    std::chrono::milliseconds pickup_timeout,
                                    const std::function<void(const nlohmann::json&)>& on_poll);

}  // namespace ark::cli
