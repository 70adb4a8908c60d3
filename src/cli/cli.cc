#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace ark::cli {

void Check(const Status& status) {
  if (!status.ok())
    throw CommandError{status.message().empty() ? status.ToString() : status.message(), 1};
}

void CheckFlag(const Status& status) {
  if (!status.ok()) throw CommandError{status.message(), 2};
}

namespace {

void AddNoun(
    CLI::App& app, Session& s, const std::string& noun, const std::string& help,
    const std::vector<std::function<CLI::App*(CLI::App&, const std::string&, Session&)>>& verbs,
    const std::vector<std::string>& names) {
  auto* cmd = app.add_subcommand(noun, help);
  cmd->alias(noun + "s");
  cmd->require_subcommand(1);
  for (size_t i = 0; i < verbs.size(); ++i) verbs[i](*cmd, names[i], s);
}

}  // namespace

int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const Clock& clock, const std::vector<CommandAdder>& extra_commands) {
  Session s(GlobalFlags{}, out, err, clock);
  CLI::App app("Back up and restore Kubernetes cluster resources (Heptio Ark compatible).", "ark");
  app.require_subcommand(1);
  GlobalFlags& g = s.mutable_flags();
  app.add_option("--kubeconfig", g.kubeconfig,
                 "path to the kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)");
  app.add_option("--kubecontext", g.kubecontext, "the context to use from the kubeconfig");
  app.add_option("-n,--namespace", g.ns, "the namespace in which ark runs")->capture_default_str();
  app.fallthrough();

  AddNoun(app, s, "backup", "Work with backups",
          {AddBackupCreate, AddBackupGet, AddBackupDescribe, AddBackupLogs, AddBackupDownload,
           AddBackupDelete, AddBackupVerify},
          {"create", "get", "describe", "logs", "download", "delete", "verify"});
  AddNoun(app, s, "restore", "Work with restores",
          {AddRestoreCreate, AddRestoreGet, AddRestoreDescribe, AddRestoreLogs, AddRestoreDelete},
          {"create", "get", "describe", "logs", "delete"});
  AddNoun(app, s, "schedule", "Work with schedules",
          {AddScheduleCreate, AddScheduleGet, AddScheduleDescribe, AddScheduleDelete},
          {"create", "get", "describe", "delete"});

  // Verb-first aliases: `ark create backup NAME`, `ark get backups`, ...
  struct Verb {
    const char* verb;
    const char* help;
    std::function<CLI::App*(CLI::App&, const std::string&, Session&)> backup, restore, schedule;
  };
  const Verb verbs[] = {
      {"create", "Create ark resources", AddBackupCreate, AddRestoreCreate, AddScheduleCreate},
      {"get", "Get ark resources", AddBackupGet, AddRestoreGet, AddScheduleGet},
      {"describe", "Describe ark resources", AddBackupDescribe, AddRestoreDescribe,
       AddScheduleDescribe},
      {"delete", "Delete ark resources", AddBackupDelete, AddRestoreDelete, AddScheduleDelete},
  };
  for (const Verb& v : verbs) {
    auto* cmd = app.add_subcommand(v.verb, v.help);
    cmd->require_subcommand(1);
    v.backup(*cmd, "backup", s)->alias("backups");
    v.restore(*cmd, "restore", s)->alias("restores");
    v.schedule(*cmd, "schedule", s)->alias("schedules");
  }
  for (const CommandAdder& add : extra_commands) add(app, s);
  AddVersion(app, s);
  AddCompletion(app, s);

  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses a reversed vector
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::ParseError& e) {
    // Help for the innermost command given, then the problem.
    err << "Error: " << e.what() << "\n";
    err << "Run 'ark --help' (or 'ark COMMAND --help') for usage.\n";
    return 2;
  } catch (const CommandError& e) {
    err << "An error occurred: " << e.message << "\n";
    return e.exit_code;
  }
  return 0;
}

}  // namespace ark::cli
