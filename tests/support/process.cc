#include "support/process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ark::testing {
namespace {

std::vector<char*> CStrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Forks and execs with stdin from `in_fd`, stdout/stderr to the given fds.
int Spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
          int in_fd, int out_fd, int err_fd) {
  int pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    auto args = CStrings(argv);
    execvp(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -1;
}

}  // namespace

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "ark-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

RunResult Run(const std::vector<std::string>& argv, const std::string& input,
              const std::map<std::string, std::string>& env, std::chrono::seconds timeout) {
  TempDir dir;
  WriteFile(dir.File("in"), input);
  int in_fd = open(dir.File("in").c_str(), O_RDONLY);
  int out_fd = open(dir.File("out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err_fd = open(dir.File("err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int pid = Spawn(argv, env, in_fd, out_fd, err_fd);
  close(in_fd);
  close(out_fd);
  close(err_fd);
  RunResult result;
  if (pid < 0) return result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    int rc = waitpid(pid, &status, WNOHANG);
    if (rc == pid) {
      result.exit_code = DecodeStatus(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      result.err = "timed out after " + std::to_string(timeout.count()) + "s\n";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.out = ReadFile(dir.File("out"));
  result.err += ReadFile(dir.File("err"));
  return result;
}

std::unique_ptr<BackgroundProcess> BackgroundProcess::Start(
    const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  std::unique_ptr<BackgroundProcess> p(new BackgroundProcess());
  char tmpl[] = "/tmp/ark-proc-XXXXXX";
  if (!mkdtemp(tmpl)) return nullptr;
  p->out_path_ = std::string(tmpl) + "/stdout";
  p->err_path_ = std::string(tmpl) + "/stderr";
  int in_fd = open("/dev/null", O_RDONLY);
  int out_fd = open(p->out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err_fd = open(p->err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  p->pid_ = Spawn(argv, env, in_fd, out_fd, err_fd);
  close(in_fd);
  close(out_fd);
  close(err_fd);
  if (p->pid_ < 0) return nullptr;
  return p;
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0 && !exited_) Stop(SIGTERM);
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(out_path_).parent_path(), ec);
}

bool BackgroundProcess::Running() {
  if (exited_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exited_ = true;
    exit_code_ = DecodeStatus(status);
    return false;
  }
  return true;
}

int BackgroundProcess::Stop(int signal) {
  if (exited_) return exit_code_;
  kill(-pid_, signal);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
      exited_ = true;
      exit_code_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return exit_code_;
}

std::string BackgroundProcess::Stdout() const { return ReadFile(out_path_); }
std::string BackgroundProcess::Stderr() const { return ReadFile(err_path_); }

std::string BackgroundProcess::WaitForOutput(const std::string& needle,
                                             std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::string out = Stdout();
    auto pos = out.find(needle);
    if (pos != std::string::npos) {
      auto begin = out.rfind('\n', pos);
      begin = begin == std::string::npos ? 0 : begin + 1;
      auto end = out.find('\n', pos);
      return out.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    }
    if (!Running()) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "";
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

int64_t PeakResidentBytes(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;  // in kB
  }
  return -1;
}

}  // namespace ark::testing
