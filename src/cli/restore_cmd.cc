#include <map>
#include <memory>

#include "api/names.h"
#include "api/resources.h"
#include "api/restore.h"
#include "api/validation.h"
#include "archive/gzip.h"
#include "cli/ark_api.h"
#include "cli/commands.h"
#include "cli/config_warning.h"
#include "cli/describe.h"
#include "cli/display_read.h"
#include "cli/output.h"
#include "cli/progress_printer.h"
#include "cli/spec_flags.h"
#include "restore/request_from_restore.h"
#include "restore/restore_engine.h"
#include "util/byte_stream.h"
#include "util/log.h"
#include "util/temp_file.h"
#include "util/time_format.h"

namespace ark::cli {

using nlohmann::json;

namespace {

struct RestoreFlags {
  std::vector<std::string> args;  // [NAME] or BACKUP
  std::string from_backup;
  std::vector<std::string> include_namespaces{"*"};
  std::vector<std::string> exclude_namespaces;
  std::vector<std::string> include_resources;
  std::vector<std::string> exclude_resources;
  std::string namespace_mappings;
  std::string labels;
  std::string selector;
  std::string restore_volumes;
  std::string include_cluster_resources;
  std::string existing_resource_policy;
  std::string output;
  bool wait = false;
  bool dry_run = false;
  int pickup_timeout = 60;
  int timeout = 60;
};

// spec.existingResourcePolicy: "" (not set: none), none or update.
Result<std::string> PolicyFlag(const std::string& text) {
  if (text.empty() || text == "none" || text == "update") return text;
  return InvalidArgument("invalid --existing-resource-policy \"" + text +
                         "\": accepted values are none (leave objects that exist alone, with a "
                         "warning) and update (patch them to the backed-up version)");
}

// Only a backup that finished can be restored; anything else is refused with its phase.
Status CheckRestorable(const json& backup, const std::string& name) {
  const std::string phase = api::Phase(backup);
  if (phase == "Completed" || phase == "PartiallyFailed") return Status::Ok();
  return FailedPrecondition(
      "backup \"" + name + "\" cannot be restored: its phase is " +
      (phase.empty() ? std::string("New (not run yet)") : phase) +
      "; only Completed and PartiallyFailed backups have contents to restore");
}

// "src1:dst1,src2:dst2": each a pair of namespace names, each source mapped once.
Result<std::map<std::string, std::string>> MappingFlag(const std::string& text) {
  std::map<std::string, std::string> m;
  const std::string flag = "invalid --namespace-mappings \"" + text + "\": ";
  for (const auto& pair : SplitCommas({text})) {
    auto colon = pair.find(':');
    if (colon == std::string::npos || pair.find(':', colon + 1) != std::string::npos) {
      return InvalidArgument(flag + "\"" + pair + "\" is not src:dst; want src1:dst1,src2:dst2");
    }
    const std::string from = pair.substr(0, colon), to = pair.substr(colon + 1);
    for (const std::string* ns : {&from, &to}) {
      if (std::string why = api::NamespaceNameProblem(*ns); !why.empty()) {
        return InvalidArgument(flag + "namespace \"" + *ns + "\" in \"" + pair + "\": " + why);
      }
    }
    if (!m.emplace(from, to).second) {
      return InvalidArgument(flag + "namespace \"" + from + "\" is mapped twice (to \"" + m[from] +
                             "\" and to \"" + to + "\")");
    }
  }
  return m;
}

// The flags written over `spec` (api::NewRestore's, so unset fields keep Ark's form).
Status FillSpec(const RestoreFlags& f, const std::string& backup_name, api::RestoreSpec& spec) {
  spec.backup_name = backup_name;
  spec.included_namespaces = SplitCommas(f.include_namespaces);
  spec.excluded_namespaces = SplitCommas(f.exclude_namespaces);
  spec.included_resources = SplitCommas(f.include_resources);
  spec.excluded_resources = SplitCommas(f.exclude_resources);
  ARK_ASSIGN_OR_RETURN(spec.namespace_mapping, MappingFlag(f.namespace_mappings));
  ARK_ASSIGN_OR_RETURN(spec.label_selector, ParseSelector(f.selector));
  ARK_ASSIGN_OR_RETURN(spec.restore_pvs, ParseOptionalBool(f.restore_volumes, "--restore-volumes"));
  ARK_ASSIGN_OR_RETURN(
      spec.include_cluster_resources,
      ParseOptionalBool(f.include_cluster_resources, "--include-cluster-resources"));
  ARK_ASSIGN_OR_RETURN(spec.existing_resource_policy, PolicyFlag(f.existing_resource_policy));
  return Status::Ok();
}

// Ark v0.5's `restore create BACKUP` and v0.8's `restore create [NAME] --from-backup BACKUP`.
Status Names(const RestoreFlags& f, Clock::TimePoint now, std::string* restore,
             std::string* backup) {
  if (!f.from_backup.empty()) {
    if (f.args.size() > 1)
      return InvalidArgument("expected at most one argument (the restore name) with --from-backup");
    *backup = f.from_backup;
    *restore = f.args.empty() ? f.from_backup + "-" + FormatNameTimestamp(now) : f.args[0];
    return Status::Ok();
  }
  if (f.args.size() != 1) {
    return InvalidArgument(
        "the backup to restore is required: `ark restore create BACKUP` or "
        "`ark restore create [NAME] --from-backup BACKUP`");
  }
  *backup = f.args[0];
  *restore = *backup + "-" + FormatNameTimestamp(now);
  return Status::Ok();
}

void DryRun(Session& s, const RestoreFlags& f, const api::Restore& restore,
            const std::string& backup_name) {
  std::optional<json> found = Check(FindBackup(s, backup_name));
  if (!found) {
    Check(FailedPrecondition(
        "backup \"" + backup_name + "\" is in object storage but not yet synced into namespace \"" +
        s.ns() + "\"; the dry run needs its Backup: retry after the next sync (backupSyncPeriod)"));
  }
  const json& backup = *found;
  Check(CheckRestorable(backup, backup_name));
  // The contents are staged in a temp file, not memory: they grow with the cluster.
  TempFile contents =
      Check(DownloadToTempFile(s, "BackupContents", backup_name, std::chrono::seconds(f.timeout)));
  auto* client = Check(s.Client());
  auto* discovery = Check(s.Discovery());
  // The request is built and checked as the server's restore controller does.
  restore::RestoreRequest request = Check(restore::RequestFromRestore(restore));
  request.dry_run = true;
  auto problems = restore::ValidateRestoreRequest(request);
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += "\n  " + p;
    throw CommandError{"the restore is not valid:" + all, 1};
  }
  // A dry run judges the cluster as it is now: a CRD deleted or added since discovery was
  // read must count.
  discovery->Invalidate();
  // The engine's log (a line per object) is not shown: the plan below says what matters.
  DiscardSink log_sink;
  Logger log(log_sink, LogLevel::kInfo, s.clock());
  auto source = Check(OpenFileSource(contents.path()));
  restore::RestoreEngine engine(*client, *discovery, /*block_store=*/nullptr);
  const restore::RestoreOutcome outcome = Check(engine.Run(request, *source, backup, log));
  if (outcome.phase == restore::Phase::kFailed) Check(Internal(outcome.failure_reason));
  s.out() << "Dry run of restore \"" << restore.metadata.name << "\" from backup \"" << backup_name
          << "\": nothing was written to the cluster.\n";
  for (const auto& entry : outcome.plan) s.out() << "  " << restore::PlanLine(entry) << "\n";
  s.out() << outcome.plan.size() << " object(s) in the plan; "
          << api::CountResult(outcome.warnings.ToJson()) << " warning(s), "
          << api::CountResult(outcome.errors.ToJson()) << " error(s).\n";
}

}  // namespace

CLI::App* AddRestoreCreate(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Create a restore");
  auto f = std::make_shared<RestoreFlags>();
  cmd->add_option("NAME|BACKUP", f->args,
                  "the backup to restore; or the restore's name with --from-backup")
      ->expected(0, 1);
  cmd->add_option("--from-backup", f->from_backup, "backup to restore from");
  cmd->add_option("--include-namespaces", f->include_namespaces,
                  "namespaces to include in the restore (use '*' for all namespaces)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--exclude-namespaces", f->exclude_namespaces,
                  "namespaces to exclude from the restore")
      ->delimiter(',');
  cmd->add_option("--include-resources", f->include_resources,
                  "resources to include in the restore, formatted as resource.group")
      ->delimiter(',');
  cmd->add_option("--exclude-resources", f->exclude_resources,
                  "resources to exclude from the restore, formatted as resource.group")
      ->delimiter(',');
  cmd->add_option("--namespace-mappings", f->namespace_mappings,
                  "namespace mappings from name in the backup to desired restored name in the form "
                  "src1:dst1,src2:dst2,...");
  cmd->add_option("--labels", f->labels, "labels to apply to the restore");
  cmd->add_option("-l,--selector", f->selector,
                  "only restore resources matching this label selector");
  AddOptionalBoolFlag(*cmd, "--restore-volumes", f->restore_volumes,
                      "whether to restore volumes from snapshots");
  AddOptionalBoolFlag(*cmd, "--include-cluster-resources", f->include_cluster_resources,
                      "include cluster-scoped resources in the restore");
  cmd->add_option("--existing-resource-policy", f->existing_resource_policy,
                  "what to do with objects that already exist and differ: none (leave them, with a "
                  "warning; the default) or update (patch them to the backed-up version)");
  cmd->add_option("-o,--output", f->output,
                  "print the restore as table, json or yaml instead of submitting it");
  cmd->add_flag("--wait", f->wait, "wait for the restore to finish, showing its progress");
  cmd->add_flag("--dry-run", f->dry_run,
                "show what the restore would do, without changing the cluster");
  cmd->add_option("--server-timeout", f->pickup_timeout,
                  "with --wait: seconds to wait for the server to pick the restore up")
      ->capture_default_str();
  cmd->add_option("--timeout", f->timeout,
                  "with --dry-run: seconds to wait for the backup's download URL")
      ->capture_default_str();
  cmd->callback([&s, f] {
    if (!f->output.empty()) CheckFlag(ValidateOutputFormat(f->output));
    std::string restore_name, backup_name;
    CheckFlag(Names(*f, s.clock().Now(), &restore_name, &backup_name));
    CheckFlag(CheckName(BackupKind(), backup_name, api::kMaxBackupNameLength));
    CheckFlag(CheckName(RestoreKind(), restore_name, api::kMaxRestoreNameLength));
    api::Restore typed = api::NewRestore(restore_name, s.ns());
    CheckFlag(FillSpec(*f, backup_name, typed.spec));
    typed.metadata.labels = CheckFlag(ParseLabelMap(f->labels, "--labels"));
    const json restore = typed.ToJson();
    if (!f->output.empty()) {
      PrintObject(s.out(), restore, f->output == "table" ? "yaml" : f->output);
      return;
    }
    if (f->dry_run) return DryRun(s, *f, typed, backup_name);
    // A missing backup is the commonest mistake: say so before submitting. One only in object
    // storage (not synced yet) is restorable: the server reads it from there.
    std::optional<json> backup = Check(FindBackup(s, backup_name));
    if (backup) Check(CheckRestorable(*backup, backup_name));
    auto* client = Check(s.Client());
    auto created = client->Create(RestoreKind().gvr, s.ns(), restore);
    if (!created.ok() && created.status().code() == Code::kAlreadyExists) {
      Check(AlreadyExists("restore \"" + restore_name + "\" already exists in namespace \"" +
                          s.ns() + "\""));
    }
    Check(created.status());
    s.out() << "Restore request \"" << restore_name << "\" submitted successfully.\n";
    WarnIfRequestWillNotRun(s, "restore");
    if (!f->wait) {
      s.out() << "Run `ark restore describe " << restore_name << "` or `ark restore logs "
              << restore_name << "` for more details.\n";
      return;
    }
    s.out() << "Waiting for restore to complete. You may safely press ctrl-c to stop waiting - "
               "your restore will continue in the background.\n"
            << std::flush;
    ProgressPrinter progress(s.out(), IsTerminal(s.out()));
    auto show = [&progress](const json& polled) {
      progress.Show(ProgressOf(ReadRestoreForDisplay(polled).object.status));
    };
    const json finished = Check(WaitForPhase(s, RestoreKind(), restore_name,
                                             std::chrono::seconds(f->pickup_timeout), show));
    const api::Restore done = ReadRestoreForDisplay(finished).object;
    progress.Finish();
    const std::string& phase = done.status.phase;
    s.out() << "\nRestore completed with status: " << phase << ". You may check for more "
            << "information using the commands `ark restore describe " << restore_name
            << "` and `ark restore logs " << restore_name << "`.\n";
    PrintProblemCounts(s.out(), done.status.errors, done.status.warnings,
                       "ark restore describe " + restore_name);
    if (phase != "Completed")
      throw CommandError{"restore \"" + restore_name + "\" ended " + phase, 1};
  });
  return cmd;
}

CLI::App* AddRestoreGet(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Get restores");
  struct Flags {
    std::vector<std::string> names;
    std::string selector, output = "table";
    bool show_labels = false;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("NAME", f->names, "restores to show (all when none)");
  cmd->add_option("-l,--selector", f->selector, "only show items matching this label selector");
  cmd->add_option("-o,--output", f->output, "output format: table, json or yaml")
      ->capture_default_str();
  cmd->add_flag("--show-labels", f->show_labels, "show labels in the last column");
  cmd->callback([&s, f] {
    CheckFlag(CheckNames(RestoreKind(), f->names));
    CheckFlag(ValidateOutputFormat(f->output));
    auto items = Check(GetOrList(s, RestoreKind(), f->names, f->selector));
    SortByName(items);
    if (f->output != "table") return PrintObjects(s.out(), items, f->output);
    std::vector<std::string> header = {"NAME",   "BACKUP", "STATUS",  "WARNINGS",
                                       "ERRORS", "ITEMS",  "CREATED", "SELECTOR"};
    if (f->show_labels) header.push_back("LABELS");
    std::vector<std::vector<std::string>> rows;
    for (const auto& item : items) {
      const api::Restore r = ReadRestoreForDisplay(item).object;
      std::vector<std::string> row = {r.metadata.name,
                                      r.spec.backup_name,
                                      r.status.phase.empty() ? "New" : r.status.phase,
                                      std::to_string(r.status.warnings),
                                      std::to_string(r.status.errors),
                                      ProgressText(r.status),
                                      HumanTimestamp(r.metadata.creation_timestamp),
                                      SelectorText(r.spec.label_selector)};
      if (f->show_labels) row.push_back(LabelsText(r.metadata.labels));
      rows.push_back(std::move(row));
    }
    PrintTable(s.out(), header, rows);
  });
  return cmd;
}

CLI::App* AddRestoreDescribe(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Describe restores");
  struct Flags {
    std::vector<std::string> names;
    std::string selector;
    int timeout = 10;
    bool details = false;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("NAME", f->names, "restores to describe (all when none)");
  cmd->add_option("-l,--selector", f->selector,
                  "only describe restores matching this label selector");
  cmd->add_flag("--details", f->details, "display the resource order the restore used, one a line");
  cmd->callback([&s, f] {
    CheckFlag(CheckNames(RestoreKind(), f->names));
    auto items = Check(GetOrList(s, RestoreKind(), f->names, f->selector));
    SortByName(items);
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) s.out() << "\n\n";
      const DisplayRead<api::Restore> restore = ReadRestoreForDisplay(items[i]);
      json results;
      const std::string& phase = restore.object.status.phase;
      if (phase == "Completed" || phase == "PartiallyFailed") {
        auto gz = Download(s, "RestoreResults", restore.object.metadata.name,
                           std::chrono::seconds(f->timeout));
        if (gz.ok()) {
          auto text = archive::Gunzip(*gz, "restore results");
          if (text.ok()) results = json::parse(*text, nullptr, false);
          if (results.is_discarded()) results = json();
        }
      }
      DescribeRestore(s.out(), restore, results, f->details);
    }
  });
  return cmd;
}

CLI::App* AddRestoreLogs(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Get restore logs");
  auto restore_name = std::make_shared<std::string>();
  auto timeout = std::make_shared<int>(60);
  cmd->add_option("RESTORE", *restore_name, "the restore")->required();
  cmd->add_option("--timeout", *timeout, "seconds to wait for the server to answer")
      ->capture_default_str();
  cmd->callback([&s, restore_name, timeout] {
    CheckFlag(CheckName(RestoreKind(), *restore_name));
    Check(GetArkObject(s, RestoreKind(), *restore_name).status());
    Check(PrintLog(s, "RestoreLog", *restore_name, std::chrono::seconds(*timeout),
                   "restore log of \"" + *restore_name + "\""));
  });
  return cmd;
}

CLI::App* AddRestoreDelete(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Delete a restore (the Restore object only)");
  auto names = std::make_shared<std::vector<std::string>>();
  cmd->add_option("NAME", *names, "restores to delete")->required();
  cmd->callback([&s, names] {
    CheckFlag(CheckNames(RestoreKind(), *names));
    auto* client = Check(s.Client());
    for (const auto& n : *names) {
      Status st = client->Delete(RestoreKind().gvr, s.ns(), n);
      if (st.code() == Code::kNotFound) {
        Check(NotFound("restore \"" + n + "\" not found in namespace \"" + s.ns() + "\""));
      }
      Check(st);
      s.out() << "Restore \"" << n << "\" deleted\n";
    }
  });
  return cmd;
}

}  // namespace ark::cli
