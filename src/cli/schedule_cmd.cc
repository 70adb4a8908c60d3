#include <memory>

#include "api/resources.h"
#include "api/schedule.h"
#include "api/validation.h"
#include "cli/ark_api.h"
#include "cli/commands.h"
#include "cli/config_warning.h"
#include "cli/describe.h"
#include "cli/display_read.h"
#include "cli/output.h"
#include "cli/spec_flags.h"
#include "util/cron.h"
#include "util/duration.h"

namespace ark::cli {

using nlohmann::json;

CLI::App* AddScheduleCreate(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Create a schedule");
  struct Flags {
    std::string name, schedule, output;
    BackupSpecFlags spec;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("NAME", f->name, "name of the schedule")->required();
  cmd->add_option("--schedule", f->schedule,
                  "a cron expression (minute hour day-of-month month day-of-week, or @every 1h, "
                  "@daily, ...)")
      ->required();
  f->spec.Register(*cmd);
  cmd->get_option("--labels")
      ->description("labels to apply to the schedule and to each backup it creates");
  cmd->add_option("-o,--output", f->output,
                  "print the schedule as table, json or yaml instead of submitting it");
  cmd->callback([&s, f] {
    CheckFlag(CheckName(ScheduleKind(), f->name, api::kMaxScheduleNameLength));
    if (!f->output.empty()) CheckFlag(ValidateOutputFormat(f->output));
    auto cron = CronSchedule::Parse(f->schedule);
    if (!cron.ok()) CheckFlag(InvalidArgument("invalid --schedule: " + cron.status().message()));
    api::Schedule typed = api::NewSchedule(f->name, s.ns());
    typed.spec.schedule = f->schedule;
    CheckFlag(f->spec.FillSpec(typed.spec.backup_template));
    typed.metadata.labels = CheckFlag(f->spec.Labels());
    const json schedule = typed.ToJson();
    if (!f->output.empty()) {
      PrintObject(s.out(), schedule, f->output == "table" ? "yaml" : f->output);
      return;
    }
    auto* client = Check(s.Client());
    auto created = client->Create(ScheduleKind().gvr, s.ns(), schedule);
    if (!created.ok() && created.status().code() == Code::kAlreadyExists) {
      Check(AlreadyExists("schedule \"" + f->name + "\" already exists in namespace \"" + s.ns() +
                          "\""));
    }
    Check(created.status());
    s.out() << "Schedule \"" << f->name << "\" created successfully.\n";
    WarnIfRequestWillNotRun(s, "schedule");
  });
  return cmd;
}

CLI::App* AddScheduleGet(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Get schedules");
  struct Flags {
    std::vector<std::string> names;
    std::string selector, output = "table";
    bool show_labels = false;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("NAME", f->names, "schedules to show (all when none)");
  cmd->add_option("-l,--selector", f->selector, "only show items matching this label selector");
  cmd->add_option("-o,--output", f->output, "output format: table, json or yaml")
      ->capture_default_str();
  cmd->add_flag("--show-labels", f->show_labels, "show labels in the last column");
  cmd->callback([&s, f] {
    CheckFlag(CheckNames(ScheduleKind(), f->names));
    CheckFlag(ValidateOutputFormat(f->output));
    auto items = Check(GetOrList(s, ScheduleKind(), f->names, f->selector));
    SortByName(items);
    if (f->output != "table") return PrintObjects(s.out(), items, f->output);
    std::vector<std::string> header = {"NAME",       "STATUS",      "CREATED", "SCHEDULE",
                                       "BACKUP TTL", "LAST BACKUP", "SELECTOR"};
    if (f->show_labels) header.push_back("LABELS");
    std::vector<std::vector<std::string>> rows;
    for (const auto& item : items) {
      const api::Schedule sc = ReadScheduleForDisplay(item).object;
      const api::BackupSpec& tmpl = sc.spec.backup_template;
      std::vector<std::string> row = {
          sc.metadata.name,
          sc.status.phase.empty() ? "New" : sc.status.phase,
          HumanTimestamp(sc.metadata.creation_timestamp),
          sc.spec.schedule,
          FormatDuration(tmpl.ttl),
          sc.status.last_backup ? HumanTimestamp(sc.status.last_backup) : "n/a",
          SelectorText(tmpl.label_selector)};
      if (f->show_labels) row.push_back(LabelsText(sc.metadata.labels));
      rows.push_back(std::move(row));
    }
    PrintTable(s.out(), header, rows);
  });
  return cmd;
}

CLI::App* AddScheduleDescribe(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Describe schedules");
  auto names = std::make_shared<std::vector<std::string>>();
  auto selector = std::make_shared<std::string>();
  cmd->add_option("NAME", *names, "schedules to describe (all when none)");
  cmd->add_option("-l,--selector", *selector,
                  "only describe schedules matching this label selector");
  cmd->callback([&s, names, selector] {
    CheckFlag(CheckNames(ScheduleKind(), *names));
    auto items = Check(GetOrList(s, ScheduleKind(), *names, *selector));
    SortByName(items);
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) s.out() << "\n\n";
      DescribeSchedule(s.out(), ReadScheduleForDisplay(items[i]));
    }
  });
  return cmd;
}

CLI::App* AddScheduleDelete(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(name, "Delete a schedule (its backups stay)");
  auto names = std::make_shared<std::vector<std::string>>();
  auto confirm = std::make_shared<bool>(false);
  cmd->add_option("NAME", *names, "schedules to delete")->required();
  cmd->add_flag("--confirm", *confirm, "do not ask for confirmation");
  cmd->callback([&s, names, confirm] {
    CheckFlag(CheckNames(ScheduleKind(), *names));
    if (!*confirm) ConfirmOrCancel(s, "cancelled: no schedule deleted");
    auto* client = Check(s.Client());
    for (const auto& n : *names) {
      Status st = client->Delete(ScheduleKind().gvr, s.ns(), n);
      if (st.code() == Code::kNotFound) {
        Check(NotFound("schedule \"" + n + "\" not found in namespace \"" + s.ns() + "\""));
      }
      Check(st);
      s.out() << "Schedule \"" << n << "\" deleted\n";
    }
  });
  return cmd;
}

}  // namespace ark::cli
