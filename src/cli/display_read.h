#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/backup.h"
#include "api/restore.h"
#include "api/schedule.h"

namespace ark::cli {

// An API object read through its api type for `describe` and `get`, which must show an odd
// object rather than refuse it. FromJson refuses a whole object for one field of the wrong
// type; here the field it names is dropped and the object read again, until it reads (or
// nothing named can be dropped: then only what reads on its own, the metadata, is kept).
// `problems` holds FromJson's messages without the object's name, in the order met, e.g.
//   spec.ttl: invalid duration "1d": unknown unit "d" ...
template <typename T>
struct DisplayRead {
  T object;
  std::vector<std::string> problems;
};

DisplayRead<api::Backup> ReadBackupForDisplay(const nlohmann::json& object);
DisplayRead<api::Restore> ReadRestoreForDisplay(const nlohmann::json& object);
DisplayRead<api::Schedule> ReadScheduleForDisplay(const nlohmann::json& object);

// Removes from `root` the field that `path` names ("spec.hooks.resources[0].pre",
// "metadata.labels.app.kubernetes.io/name": keys are matched longest first, so keys holding
// dots resolve) or, when its last part is missing, the deepest part that exists. False when
// not even the first part exists.
bool DropField(nlohmann::json& root, const std::string& path);

}  // namespace ark::cli
