#pragma once

#include <CLI/CLI.hpp>

#include "cli/session.h"

namespace ark::cli {

// Each Add* registers one command (its flags and its action) under `parent`. The action
// reads the flags when it runs and throws CommandError on failure.
// `ark backup ...` and the verb-first aliases share them: AddBackupCreate serves both
// `ark backup create` and `ark create backup`.
CLI::App* AddBackupCreate(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddBackupGet(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddBackupDescribe(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddBackupLogs(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddBackupDownload(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddBackupDelete(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddBackupVerify(CLI::App& parent, const std::string& name, Session& s);

CLI::App* AddRestoreCreate(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddRestoreGet(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddRestoreDescribe(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddRestoreLogs(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddRestoreDelete(CLI::App& parent, const std::string& name, Session& s);

CLI::App* AddScheduleCreate(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddScheduleGet(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddScheduleDescribe(CLI::App& parent, const std::string& name, Session& s);
CLI::App* AddScheduleDelete(CLI::App& parent, const std::string& name, Session& s);

CLI::App* AddVersion(CLI::App& parent, Session& s);
CLI::App* AddCompletion(CLI::App& parent, Session& s);

// Throws CommandError with the status's message (exit code 1).
void Check(const Status& status);
template <typename T>
T Check(Result<T> result) {
  if (!result.ok()) Check(result.status());
  return std::move(result).value();
}
// The same for problems with the command line itself (exit code 2).
void CheckFlag(const Status& status);
template <typename T>
T CheckFlag(Result<T> result) {
  if (!result.ok()) CheckFlag(result.status());
  return std::move(result).value();
}

}  // namespace ark::cli
