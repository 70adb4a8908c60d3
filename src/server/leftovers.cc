#include "server/leftovers.h"

namespace ark::server {

Result<std::unique_ptr<WorkDir>> OpenServerWorkDir(const std::string& parent, const Logger& log) {
  WorkDirCleanup cleanup;
  auto dir = WorkDir::Create(parent, "server-", &cleanup);
  if (!dir.ok()) {
    return Status(dir.status())
        .Annotate("setting up the server's working folder under " + parent + " (--temp-dir)");
  }
  if (cleanup.folders > 0) {
    log.Info("Removed what stopped servers left in the working folder",
             {{"folders", std::to_string(cleanup.folders)},
              {"files", std::to_string(cleanup.removed.files)},
              {"bytes", std::to_string(cleanup.removed.bytes)}});
  }
  for (const std::string& problem : cleanup.problems) {
    log.Warn("Cannot remove what a stopped server left", {{"error", problem}});
  }
  log.Info("Working folder ready", {{"path", (*dir)->path()}});
  return dir;
}

void RemoveAbandonedUploads(cloud::ObjectStore& store, const std::string& bucket,
                            const Clock& clock, const Logger& log) {
  auto removed = store.RemoveAbandonedUploads(bucket, clock.Now() - kAbandonedUploadAge);
  if (!removed.ok()) {
    log.Warn("Cannot remove abandoned partial uploads",
             {{"bucket", bucket}, {"error", removed.status().ToString()}});
    return;
  }
  if (removed->files == 0) return;
  log.Info("Removed abandoned partial uploads", {{"bucket", bucket},
                                                 {"files", std::to_string(removed->files)},
                                                 {"bytes", std::to_string(removed->bytes)}});
}

}  // namespace ark::server
