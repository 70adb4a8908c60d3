#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cloud/object_store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/result.h"
#include "util/work_dir.h"

namespace ark::server {

// What a server killed mid-backup or mid-restore leaves behind, removed by the next one.

// A partial upload younger than this may be a live writer's (another server on the same
// store, an upload in progress): only older ones are removed.
inline constexpr std::chrono::hours kAbandonedUploadAge{1};

// This server's private working folder under `parent` (util/work_dir.h: `<parent>/ark-<uid>/
// server-XXXXXX`), made after removing the folders of servers that are gone: their staged
// tarballs, logs and restore spools. What was removed is logged at info level, what could not
// be at warning level. Errors name `parent` and say what is wrong with it.
Result<std::unique_ptr<WorkDir>> OpenServerWorkDir(const std::string& parent, const Logger& log);

// Removes the partial uploads of `bucket` older than kAbandonedUploadAge and logs what went
// (info) or why nothing could (warning): a store that cannot be cleaned still serves.
void RemoveAbandonedUploads(cloud::ObjectStore& store, const std::string& bucket,
                            const Clock& clock, const Logger& log);

}  // namespace ark::server
