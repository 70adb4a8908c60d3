#include <memory>

#include "api/backup_verification.h"
#include "api/resources.h"
#include "cli/ark_api.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/verification_report.h"
#include "util/duration.h"

namespace ark::cli {

using nlohmann::json;

namespace {

namespace phase = api::verification_phase;

struct VerifyFlags {
  std::string backup;
  bool deep = false;
  bool against_cluster = false;
  std::string timeout = "5m";
  std::string output;
};

bool Finished(const api::BackupVerification& v) {
  return v.phase == phase::kCompleted || v.phase == phase::kFailed;
}

// Polls the request until the server finished it, printing each phase it moves to.
Result<api::BackupVerification> WaitForVerification(Session& s, const std::string& name,
                                                    std::chrono::nanoseconds timeout,
                                                    bool show_progress) {
  auto* client = s.Client().value();
  const auto start = s.clock().Now();
  std::string shown;
  for (;;) {
    ARK_ASSIGN_OR_RETURN(json object, client->Get(api::BackupVerificationsGvr(), s.ns(), name));
    ARK_ASSIGN_OR_RETURN(api::BackupVerification v, api::BackupVerification::FromJson(object));
    if (Finished(v)) return v;
    const std::string now = v.phase.empty() ? std::string(phase::kNew) : v.phase;
    if (show_progress && now != shown) {
      s.err() << (now == phase::kNew ? "Waiting for the server to pick the request up..."
                                     : "Verifying: the server is reading the backup...")
              << "\n"
              << std::flush;
      shown = now;
    }
    if (s.clock().Now() - start >= timeout) {
      return DeadlineExceeded(
          "backup verification \"" + name + "\" did not finish within " + FormatDuration(timeout) +
          (now == phase::kNew ? ": is `ark server` running for namespace \"" + s.ns() + "\"?"
                              : " (it is still " + now + "; try a longer --timeout)"));
    }
    s.clock().SleepFor(std::chrono::milliseconds(250));
  }
}

}  // namespace

CLI::App* AddBackupVerify(CLI::App& parent, const std::string& name, Session& s) {
  auto* cmd = parent.add_subcommand(
      name,
      "Verify a stored backup: its files against its manifest, its snapshots, and "
      "optionally what a restore into this cluster would do");
  auto f = std::make_shared<VerifyFlags>();
  cmd->add_option("NAME", f->backup, "the backup")->required();
  cmd->add_flag("--deep", f->deep,
                "also parse every object of the tarball and check it is the object its path names");
  cmd->add_flag("--against-cluster", f->against_cluster,
                "also dry-run a restore of the whole backup into the current cluster and report "
                "what would be created, skipped or fail");
  cmd->add_option("--timeout", f->timeout, "how long to wait for the server's answer")
      ->capture_default_str();
  cmd->add_option("-o,--output", f->output, "print the finished request as json or yaml");
  cmd->callback([&s, f] {
    if (!f->output.empty() && f->output != "json" && f->output != "yaml") {
      CheckFlag(InvalidArgument("invalid --output \"" + f->output + "\": use json or yaml"));
    }
    auto timeout = ParseDuration(f->timeout);
    if (!timeout.ok() || timeout->count() <= 0) {
      CheckFlag(InvalidArgument("invalid --timeout \"" + f->timeout +
                                "\": use a positive duration such as 5m or 90s"));
    }
    CheckFlag(CheckName(BackupKind(), f->backup));
    // A missing backup is the commonest mistake: say so before asking the server.
    Check(FindBackup(s, f->backup).status());

    api::BackupVerification request;
    request.metadata.generate_name = f->backup + "-";
    request.metadata.ns = s.ns();
    request.metadata.labels["ark.heptio.com/backup-name"] = f->backup;
    request.backup_name = f->backup;
    request.deep = f->deep;
    request.against_cluster = f->against_cluster;
    request.phase = phase::kNew;
    auto* client = Check(s.Client());
    json created = Check(client->Create(api::BackupVerificationsGvr(), s.ns(), request.ToJson()));
    const std::string request_name = api::Name(created);
    const bool show_progress = f->output.empty();
    if (show_progress) {
      s.err() << "Backup verification request \"" << request_name << "\" submitted.\n";
    }
    api::BackupVerification done =
        Check(WaitForVerification(s, request_name, *timeout, show_progress));
    if (f->output.empty()) {
      PrintVerification(s.out(), done);
    } else {
      PrintObject(s.out(), done.ToJson(), f->output);
    }
    s.out() << std::flush;
    if (done.phase != phase::kCompleted) {
      throw CommandError{"backup \"" + f->backup + "\" could not be verified: " + done.message, 1};
    }
    if (done.result != api::verification_result::kPassed) {
      throw CommandError{"backup \"" + f->backup + "\" failed verification: " +
                             std::to_string(done.problem_count) + " problem(s)",
                         1};
    }
  });
  return cmd;
}

}  // namespace ark::cli
