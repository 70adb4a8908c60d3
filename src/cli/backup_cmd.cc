#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <memory>

#include "api/backup.h"
#include "api/download_request.h"
#include "api/resources.h"
#include "api/validation.h"
#include "cli/ark_api.h"
#include "cli/commands.h"
#include "cli/config_warning.h"
#include "cli/describe.h"
#include "cli/display_read.h"
#include "cli/output.h"
#include "cli/progress_printer.h"
#include "cli/spec_flags.h"

namespace ark::cli {

using nlohmann::json;

namespace {

struct CreateFlags {
  BackupSpecFlags spec;
  std::string output;
  bool wait = false;
  int pickup_timeout = 60;
};

struct GetFlags {
  std::string selector;
  std::string output = "table";
  bool show_labels = false;
  std::vector<std::string> names;
};

std::string PhaseText(const std::string& phase) { return phase.empty() ? "New" : phase; }

}  // namespace

CLI::App* AddBackupCreate(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Create a backup");
  auto flags = std::make_shared<CreateFlags>();
  auto backup_name = std::make_shared<std::string>();
  cmd->add_option("NAME", *backup_name, "name of the backup")->required();
  flags->spec.Register(*cmd);
  cmd->add_option("-o,--output", flags->output,
                  "print the backup as table, json or yaml instead of submitting it");
  cmd->add_flag("--wait", flags->wait, "wait for the backup to finish, showing its progress");
  cmd->add_option("--server-timeout", flags->pickup_timeout,
                  "with --wait: seconds to wait for the server to pick the backup up")
      ->capture_default_str();
  cmd->callback([&s, flags, backup_name] {
    CheckFlag(CheckName(BackupKind(), *backup_name, api::kMaxBackupNameLength));
    if (!flags->output.empty()) CheckFlag(ValidateOutputFormat(flags->output));
    api::Backup typed = api::NewBackup(*backup_name, s.ns());
    CheckFlag(flags->spec.FillSpec(typed.spec));
    typed.metadata.labels = CheckFlag(flags->spec.Labels());
    const json backup = typed.ToJson();
    if (!flags->output.empty()) {
      PrintObject(s.out(), backup, flags->output == "table" ? "yaml" : flags->output);
      return;
    }
    auto* client = Check(s.Client());
    auto created = client->Create(BackupKind().gvr, s.ns(), backup);
    if (!created.ok() && created.status().code() == Code::kAlreadyExists) {
      Check(AlreadyExists("backup \"" + *backup_name + "\" already exists in namespace \"" +
                          s.ns() + "\""));
    }
    Check(created.status());
    s.out() << "Backup request \"" << *backup_name << "\" submitted successfully.\n";
    WarnIfRequestWillNotRun(s, "backup");
    if (!flags->wait) {
      s.out() << "Run `ark backup describe " << *backup_name << "` or `ark backup logs "
              << *backup_name << "` for more details.\n";
      return;
    }
    s.out() << "Waiting for backup to complete. You may safely press ctrl-c to stop waiting - "
               "your backup will continue in the background.\n"
            << std::flush;
    ProgressPrinter progress(s.out(), IsTerminal(s.out()));
    auto show = [&progress](const json& polled) {
      progress.Show(ProgressOf(ReadBackupForDisplay(polled).object.status));
    };
    const json finished = Check(WaitForPhase(s, BackupKind(), *backup_name,
                                             std::chrono::seconds(flags->pickup_timeout), show));
    const api::Backup done = ReadBackupForDisplay(finished).object;
    progress.Finish();
    std::string phase = PhaseText(done.status.phase);
    s.out() << "\nBackup completed with status: " << phase << ". You may check for more "
            << "information using the commands `ark backup describe " << *backup_name
            << "` and `ark backup logs " << *backup_name << "`.\n";
    PrintProblemCounts(s.out(), done.status.errors, done.status.warnings,
                       "ark backup describe " + *backup_name);
    if (phase != "Completed")
      throw CommandError{"backup \"" + *backup_name + "\" ended " + phase, 1};
  });
  return cmd;
}

CLI::App* AddBackupGet(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Get backups");
  auto flags = std::make_shared<GetFlags>();
  cmd->add_option("NAME", flags->names, "backups to show (all when none)");
  cmd->add_option("-l,--selector", flags->selector, "only show items matching this label selector");
  cmd->add_option("-o,--output", flags->output, "output format: table, json or yaml")
      ->capture_default_str();
  cmd->add_flag("--show-labels", flags->show_labels, "show labels in the last column");
  cmd->callback([&s, flags] {
    CheckFlag(CheckNames(BackupKind(), flags->names));
    CheckFlag(ValidateOutputFormat(flags->output));
    auto items = Check(GetOrList(s, BackupKind(), flags->names, flags->selector));
    SortByName(items);
    if (flags->output != "table") return PrintObjects(s.out(), items, flags->output);
    std::vector<std::string> header = {"NAME", "STATUS", "ITEMS", "CREATED", "EXPIRES", "SELECTOR"};
    if (flags->show_labels) header.push_back("LABELS");
    std::vector<std::vector<std::string>> rows;
    for (const auto& item : items) {
      const api::Backup b = ReadBackupForDisplay(item).object;
      // As Velero shows it: when the backup started, which a backup synced from the store
      // keeps (its creationTimestamp is the sync's); creation time until it starts.
      const std::optional<Clock::TimePoint> created =
          b.status.start_timestamp ? b.status.start_timestamp : b.metadata.creation_timestamp;
      std::vector<std::string> row = {b.metadata.name,
                                      PhaseText(b.status.phase),
                                      ProgressText(b.status),
                                      HumanTimestamp(created),
                                      HumanUntil(b.status.expiration, s.clock().Now()),
                                      SelectorText(b.spec.label_selector)};
      if (flags->show_labels) row.push_back(LabelsText(b.metadata.labels));
      rows.push_back(std::move(row));
    }
    PrintTable(s.out(), header, rows);
  });
  return cmd;
}

CLI::App* AddBackupDescribe(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Describe backups");
  struct Flags {
    std::vector<std::string> names;
    std::string selector;
    bool details = false;
    int timeout = 10;
  };
  auto flags = std::make_shared<Flags>();
  cmd->add_option("NAME", flags->names, "backups to describe (all when none)");
  cmd->add_option("-l,--selector", flags->selector,
                  "only describe backups matching this label selector");
  cmd->add_flag("--details", flags->details,
                "display the resources backed up, per group-resource, and the exec hooks that ran");
  cmd->add_option("--timeout", flags->timeout,
                  "seconds to wait for the server to answer a download")
      ->capture_default_str();
  cmd->callback([&s, flags] {
    CheckFlag(CheckNames(BackupKind(), flags->names));
    auto items = Check(GetOrList(s, BackupKind(), flags->names, flags->selector));
    SortByName(items);
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) s.out() << "\n\n";
      const DisplayRead<api::Backup> backup = ReadBackupForDisplay(items[i]);
      BackupReport report =
          FetchBackupReport(s, backup.object, flags->details, std::chrono::seconds(flags->timeout));
      DescribeBackup(s.out(), backup, report, flags->details);
    }
  });
  return cmd;
}

CLI::App* AddBackupLogs(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Get backup logs");
  auto backup_name = std::make_shared<std::string>();
  auto timeout = std::make_shared<int>(60);
  cmd->add_option("BACKUP", *backup_name, "the backup")->required();
  cmd->add_option("--timeout", *timeout, "seconds to wait for the server to answer")
      ->capture_default_str();
  cmd->callback([&s, backup_name, timeout] {
    CheckFlag(CheckName(BackupKind(), *backup_name));
    Check(FindBackup(s, *backup_name).status());
    Check(PrintLog(s, "BackupLog", *backup_name, std::chrono::seconds(*timeout),
                   "backup log of \"" + *backup_name + "\""));
  });
  return cmd;
}

CLI::App* AddBackupDownload(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Download a backup's contents (the .tar.gz)");
  struct Flags {
    std::string name, output;
    bool force = false;
    int timeout = 60;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("NAME", f->name, "the backup")->required();
  cmd->add_option("-o,--output", f->output, "file to write (default ./<NAME>-data.tar.gz)");
  cmd->add_flag("--force", f->force, "overwrite the output file if it exists");
  cmd->add_option("--timeout", f->timeout, "seconds to wait for the server to answer")
      ->capture_default_str();
  cmd->callback([&s, f] {
    CheckFlag(CheckName(BackupKind(), f->name));
    std::string path = f->output.empty() ? f->name + "-data.tar.gz" : f->output;
    Check(FindBackup(s, f->name).status());
    // Refuse an existing file before asking the server for anything.
    if (!f->force) {
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
      if (fd < 0) {
        Check(errno == EEXIST
                  ? AlreadyExists("file " + path + " already exists: use --force to overwrite it")
                  : InvalidArgument("cannot create " + path + ": " + std::strerror(errno)));
      }
      ::close(fd);
    }
    // The contents stream into the file as they arrive; a failed download leaves no file.
    auto file = OpenFileSink(path);
    if (!file.ok())
      Check(InvalidArgument("cannot create " + path + ": " + file.status().message()));
    Status got = DownloadTo(s, "BackupContents", f->name, std::chrono::seconds(f->timeout), **file);
    if (got.ok()) got = (*file)->Close();
    if (!got.ok()) {
      ::unlink(path.c_str());
      Check(got);
    }
    s.out() << "Backup " << f->name << " has been successfully downloaded to " << path << "\n";
  });
  return cmd;
}

CLI::App* AddBackupDelete(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(
      name, "Delete a backup: its snapshots, files in storage, restores and the Backup");
  auto backup_name = std::make_shared<std::string>();
  auto confirm = std::make_shared<bool>(false);
  cmd->add_option("NAME", *backup_name, "the backup")->required();
  cmd->add_flag("--confirm", *confirm, "do not ask for confirmation");
  cmd->callback([&s, backup_name, confirm] {
    CheckFlag(CheckName(BackupKind(), *backup_name));
    Check(GetArkObject(s, BackupKind(), *backup_name).status());
    if (!*confirm) ConfirmOrCancel(s, "cancelled: backup \"" + *backup_name + "\" not deleted");
    auto* client = Check(s.Client());
    api::DeleteBackupRequest request;
    request.metadata.generate_name = *backup_name + "-";
    request.metadata.ns = s.ns();
    request.metadata.labels["ark.heptio.com/backup-name"] = *backup_name;
    request.backup_name = *backup_name;
    Check(client->Create(api::DeleteBackupRequestsGvr(), s.ns(), request.ToJson()).status());
    s.out() << "Request to delete backup \"" << *backup_name << "\" submitted successfully.\n"
            << "The backup will be fully deleted after all associated data (disk snapshots, "
               "backup files, restores) are removed.\n";
  });
  return cmd;
}

}  // namespace ark::cli
