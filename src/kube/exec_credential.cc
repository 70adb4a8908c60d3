#include "kube/exec_credential.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "util/time_format.h"

extern char** environ;

namespace ark::kube {
namespace {

struct ProcessOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv with extra environment entries ("NAME=value"), capturing stdout and stderr.
Result<ProcessOutput> RunProcess(const std::vector<std::string>& argv,
                                 const std::vector<std::string>& extra_env) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return Internal(std::string("pipe: ") + strerror(errno));
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return Internal(std::string("pipe: ") + strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    bool overridden = false;
    for (const auto& extra : extra_env) {
      auto name = extra.substr(0, extra.find('=') + 1);
      if (entry.substr(0, name.size()) == name) overridden = true;
    }
    if (!overridden) env_strings.emplace_back(entry);
  }
  env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return FailedPrecondition("cannot run \"" + argv[0] + "\": " + strerror(rc));
  }
  ProcessOutput result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

}  // namespace

Result<ExecCredential> RunExecPlugin(const ExecConfig& config) {
  const std::string what = "exec credential plugin \"" + config.command + "\"";
  if (config.command.empty()) return InvalidArgument("exec credential plugin: command is empty");
  if (config.api_version != "client.authentication.k8s.io/v1" &&
      config.api_version != "client.authentication.k8s.io/v1beta1") {
    return InvalidArgument(what + ": apiVersion \"" + config.api_version +
                           "\" is not client.authentication.k8s.io/v1 or v1beta1");
  }
  nlohmann::json info = {{"apiVersion", config.api_version},
                         {"kind", "ExecCredential"},
                         {"spec", {{"interactive", false}}}};
  std::vector<std::string> env;
  for (const auto& [k, v] : config.env) env.push_back(k + "=" + v);
  env.push_back("KUBERNETES_EXEC_INFO=" + info.dump());
  std::vector<std::string> argv = {config.command};
  argv.insert(argv.end(), config.args.begin(), config.args.end());

  ARK_ASSIGN_OR_RETURN(auto output, RunProcess(argv, env));
  if (output.exit_code != 0) {
    return Unauthenticated(what + " exited with code " + std::to_string(output.exit_code) +
                           (output.err.empty() ? "" : ": " + FirstLine(output.err)));
  }
  auto doc = nlohmann::json::parse(output.out, nullptr, false);
  if (!doc.is_object()) return Unauthenticated(what + ": output is not a JSON object");
  if (doc.value("kind", "") != "ExecCredential") {
    return Unauthenticated(what + ": output kind is \"" + doc.value("kind", "") +
                           "\", want ExecCredential");
  }
  if (doc.value("apiVersion", "") != config.api_version) {
    return Unauthenticated(what + ": output apiVersion \"" + doc.value("apiVersion", "") +
                           "\" does not match the configured \"" + config.api_version + "\"");
  }
  auto status = doc.find("status");
  if (status == doc.end() || !status->is_object()) {
    return Unauthenticated(what + ": output has no status");
  }
  ExecCredential cred;
  auto str = [&](const char* key) {
    auto it = status->find(key);
    return it != status->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  cred.token = str("token");
  cred.client_certificate_data = str("clientCertificateData");
  cred.client_key_data = str("clientKeyData");
  if (cred.token.empty() && cred.client_certificate_data.empty()) {
    return Unauthenticated(what + ": status has neither token nor clientCertificateData");
  }
  if (cred.client_certificate_data.empty() != cred.client_key_data.empty()) {
    return Unauthenticated(what +
                           ": status has only one of clientCertificateData and clientKeyData");
  }
  std::string expiry = str("expirationTimestamp");
  if (!expiry.empty()) {
    Result<Clock::TimePoint> parsed = ParseRfc3339(expiry);
    if (!parsed.ok()) {
      return Unauthenticated(what + ": status.expirationTimestamp \"" + expiry +
                             "\" is not an RFC 3339 time");
    }
    cred.expiry = *parsed;
  }
  return cred;
}

}  // namespace ark::kube
