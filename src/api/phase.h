#pragma once

#include <string_view>

namespace ark::api {

// Phases as Ark and Velero spell them in status.phase. Kept as strings so phases written by
// newer servers ("WaitingForPluginOperations", ...) survive a read/write unchanged.
namespace phase {
inline constexpr std::string_view kNew = "New";  // "" is read as New too
inline constexpr std::string_view kFailedValidation = "FailedValidation";
inline constexpr std::string_view kInProgress = "InProgress";
inline constexpr std::string_view kCompleted = "Completed";
inline constexpr std::string_view kPartiallyFailed = "PartiallyFailed";
inline constexpr std::string_view kFailed = "Failed";
// Schedule.
inline constexpr std::string_view kEnabled = "Enabled";
// DownloadRequest and DeleteBackupRequest.
inline constexpr std::string_view kProcessed = "Processed";
}  // namespace phase

// True for "" and "New": the object has not been picked up by a controller yet.
inline bool IsNewPhase(std::string_view p) { return p.empty() || p == phase::kNew; }

}  // namespace ark::api
