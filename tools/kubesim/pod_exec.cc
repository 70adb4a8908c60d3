#include "kubesim/pod_exec.h"

#include <fcntl.h>
#include <openssl/sha.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <vector>

#include "kubesim/api_server.h"
#include "util/ascii.h"
#include "util/base64.h"

namespace ark::kubesim {
namespace {

using nlohmann::json;

constexpr std::string_view kProtocol = "v4.channel.k8s.io";
constexpr size_t kMaxOutput = 16 << 20;

bool IsUpgrade(const ApiRequest& req) {
  return AsciiLower(req.connection).find("upgrade") != std::string::npos &&
         AsciiLower(req.upgrade) == "websocket" && !req.websocket_key.empty() &&
         req.websocket_protocol.find(kProtocol) != std::string::npos;
}

std::string Accept(const std::string& key) {
  std::string input = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

// An unmasked server frame with FIN set.
void AppendFrame(uint8_t opcode, std::string_view payload, std::string* out) {
  *out += static_cast<char>(0x80 | opcode);
  const size_t n = payload.size();
  if (n < 126) {
    *out += static_cast<char>(n);
  } else if (n < 65536) {
    *out += static_cast<char>(126);
    *out += static_cast<char>(n >> 8);
    *out += static_cast<char>(n & 0xff);
  } else {
    *out += static_cast<char>(127);
    for (int i = 7; i >= 0; --i)
      *out += static_cast<char>((static_cast<uint64_t>(n) >> (8 * i)) & 0xff);
  }
  out->append(payload);
}

void AppendChannel(char channel, std::string_view data, std::string* out) {
  std::string payload(1, channel);
  payload.append(data);
  AppendFrame(2, payload, out);
}

struct Chunk {
  char channel;
  std::string data;
};

// Runs `argv` in `dir`; the output chunks in the order they arrived, and the exit code
// (128 + signal for a killed process, 127 when it could not be started).
int Run(const std::vector<std::string>& argv, const std::string& dir, std::vector<Chunk>* chunks) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return 127;
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return 127;
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGPIPE, SIG_DFL);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    if (chdir(dir.c_str()) != 0) _exit(127);
    execvp(args[0], args.data());
    static const char kMsg[] = "kubesim: exec: executable file not found\n";
    (void)!write(2, kMsg, sizeof kMsg - 1);
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    close(out[0]);
    close(err[0]);
    return 127;
  }
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  const char channels[2] = {1, 2};
  size_t total = 0;
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[8192];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (total < kMaxOutput) chunks->push_back({channels[i], std::string(buf, n)});
      total += n;
    }
  }
  for (pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 127;
}

json ExitStatus(int code, const std::vector<std::string>& argv) {
  if (code == 0) return {{"metadata", json::object()}, {"status", "Success"}};
  std::string joined;
  for (const std::string& a : argv) joined += (joined.empty() ? "" : " ") + a;
  return {{"metadata", json::object()},
          {"status", "Failure"},
          {"message", "command terminated with non-zero exit code: error executing command [" +
                          joined + "], exit code " + std::to_string(code)},
          {"reason", "NonZeroExitCode"},
          {"details", {{"causes", {{{"reason", "ExitCode"}, {"message", std::to_string(code)}}}}}}};
}

}  // namespace

ApiResponse PodExec(const ApiRequest& req, const json& pod, const std::string& exec_dir) {
  const json& md = pod.value("metadata", json::object());
  const std::string name = md.value("name", "");
  const std::string ns = md.value("namespace", "");
  std::vector<std::string> containers;
  const json& spec = pod.value("spec", json::object());
  for (const json& c : spec.value("containers", json::array())) {
    if (c.is_object() && c.value("name", "") != "") containers.push_back(c["name"]);
  }
  std::string container = req.Query("container");
  if (container.empty()) {
    if (containers.size() != 1) {
      return ErrorResponse(BadRequestError("a container name must be specified for pod " + name));
    }
    container = containers[0];
  }
  if (std::find(containers.begin(), containers.end(), container) == containers.end()) {
    return ErrorResponse(
        BadRequestError("container " + container + " is not valid for pod " + name));
  }
  std::vector<std::string> argv;
  for (const auto& [k, v] : req.query_all) {
    if (k == "command") argv.push_back(v);
  }
  if (argv.empty()) return ErrorResponse(BadRequestError("you must specify at least 1 command"));
  if (!IsUpgrade(req)) return ErrorResponse(BadRequestError("Upgrade request required"));

  std::filesystem::path base = exec_dir.empty()
                                   ? std::filesystem::temp_directory_path() / "kubesim-exec"
                                   : std::filesystem::path(exec_dir);
  std::filesystem::path dir = base / ns / name;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return ErrorResponse(
        ApiError{500, "InternalError",
                 "creating the exec directory of pod " + name + ": " + ec.message(), nullptr});
  }
  std::vector<Chunk> chunks;
  const int code = Run(argv, dir.string(), &chunks);

  ApiResponse r;
  r.status = 101;
  r.content_type = "application/octet-stream";
  r.headers = {{"Upgrade", "websocket"},
               {"Connection", "Upgrade"},
               {"Sec-WebSocket-Accept", Accept(req.websocket_key)},
               {"Sec-WebSocket-Protocol", std::string(kProtocol)}};
  for (const Chunk& c : chunks) AppendChannel(c.channel, c.data, &r.body);
  AppendChannel(3, ExitStatus(code, argv).dump(), &r.body);
  AppendFrame(8, std::string("\x03\xe8", 2), &r.body);  // close, 1000 normal
  return r;
}

}  // namespace ark::kubesim
