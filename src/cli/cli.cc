#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <set>

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

// Every list option of `app` and its subcommands takes one value per occurrence, as pflag's
// list flags do: `--include-resources a b` includes a, and b is an argument of the command.
void OneValuePerOccurrence(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    if (opt->nonpositional() && opt->get_items_expected_max() > 1) opt->allow_extra_args(false);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    OneValuePerOccurrence(*sub);
  }
}

// The long names of `app`'s options (and its subcommands') that take a value, and of those
// that are flags.
void CollectLongNames(const CLI::App& app, std::set<std::string>* with_value,
                      std::set<std::string>* flags) {
  for (const CLI::Option* opt : app.get_options()) {
    auto& into = opt->get_items_expected_max() > 0 ? *with_value : *flags;
    for (const std::string& name : opt->get_lnames()) into.insert(name);
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    CollectLongNames(*sub, with_value, flags);
  }
}

// `--name=` (an empty value) as `--name ""`, as pflag reads it. CLI11 takes a value after '='
// only when it is not empty and otherwise takes the next argument as the value, whatever it is:
// `--include-resources= --ttl 1h` would include the resources "--ttl" and "1h". Flags (no
// value) and everything after "--" are left as written.
std::vector<std::string> SplitEmptyValues(const CLI::App& app,
                                          const std::vector<std::string>& args) {
  std::set<std::string> with_value, flags;
  CollectLongNames(app, &with_value, &flags);
  std::vector<std::string> out;
  out.reserve(args.size());
  bool options_ended = false;
  for (const std::string& arg : args) {
    options_ended = options_ended || arg == "--";
    const std::string name = arg.size() > 3 ? arg.substr(2, arg.size() - 3) : "";
    if (!options_ended && arg.starts_with("--") && arg.ends_with("=") &&
        name.find('=') == std::string::npos && with_value.contains(name) && !flags.contains(name)) {
      out.push_back("--" + name);
      out.push_back("");
    } else {
      out.push_back(arg);
    }
  }
  return out;
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

  OneValuePerOccurrence(app);
  const std::vector<std::string> split = SplitEmptyValues(app, args);
  std::vector<std::string> reversed(split.rbegin(), split.rend());  // CLI11 parses it reversed
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
