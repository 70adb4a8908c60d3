#include "support/fault_proxy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace ark::testing {
namespace {

constexpr char k503[] =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 32\r\n"
    "Connection: close\r\n\r\nfault proxy: service unavailable";

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

void SetNoDelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

std::unique_ptr<FaultProxy> FaultProxy::Start(int upstream_port) {
  std::unique_ptr<FaultProxy> proxy(new FaultProxy());
  proxy->upstream_port_ = upstream_port;
  if (pipe(proxy->wake_) != 0) {
    ADD_FAILURE() << "fault proxy: pipe: " << std::strerror(errno);
    return nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(proxy->mu_);
    if (!proxy->Listen()) return nullptr;
  }
  proxy->accept_thread_ = std::thread([p = proxy.get()] { p->AcceptLoop(); });
  return proxy;
}

FaultProxy::~FaultProxy() {
  std::vector<std::thread> threads;
  std::thread outage;
  {
    std::lock_guard<std::mutex> lock(mu_);
    outage.swap(outage_thread_);
  }
  if (outage.joinable()) outage.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    DropConnections();
  }
  if (wake_[1] >= 0) (void)!write(wake_[1], "x", 1);
  if (accept_thread_.joinable()) accept_thread_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  for (int fd : wake_) {
    if (fd >= 0) close(fd);
  }
}

bool FaultProxy::Listen() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr = Loopback(port_);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 128) != 0) {
    ADD_FAILURE() << "fault proxy: listening on 127.0.0.1:" << port_ << ": "
                  << std::strerror(errno);
    close(fd);
    return false;
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  listen_fd_ = fd;
  return true;
}

std::string FaultProxy::Url(const std::string& upstream_url) const {
  const std::string from = ":" + std::to_string(upstream_port_);
  std::string url = upstream_url;
  size_t at = url.find(from);
  if (at != std::string::npos) url.replace(at, from.size(), ":" + std::to_string(port_));
  return url;
}

void FaultProxy::SetMode(Mode mode) {
  std::unique_lock<std::mutex> lock(mu_);
  mode_ = mode;
  if (mode != Mode::kPass) DropConnections();
  const uint64_t target = ++requested_;
  (void)!write(wake_[1], "x", 1);
  changed_.wait(lock, [&] { return applied_ >= target || stopping_; });
}

void FaultProxy::Refuse() { SetMode(Mode::kRefuse); }
void FaultProxy::Answer503() { SetMode(Mode::k503); }
void FaultProxy::Pass() { SetMode(Mode::kPass); }

void FaultProxy::CutResponsesAfter(int64_t bytes, int times) {
  std::lock_guard<std::mutex> lock(mu_);
  cut_every_ = cut_remaining_ = bytes;
  cut_times_ = times;
}

void FaultProxy::OutageAfterResponseBytes(int64_t bytes, std::chrono::milliseconds outage) {
  std::lock_guard<std::mutex> lock(mu_);
  outage_armed_ = true;
  outage_after_ = bytes;
  outage_ = outage;
}

int FaultProxy::outages_done() const {
  std::lock_guard<std::mutex> lock(mu_);
  return outages_done_;
}

int FaultProxy::cuts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cuts_;
}
int FaultProxy::answered_503() const {
  std::lock_guard<std::mutex> lock(mu_);
  return answered_503_;
}
int FaultProxy::accepted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return accepted_;
}

void FaultProxy::DropConnections() {
  for (auto& c : connections_) {
    if (!c->open) continue;
    shutdown(c->client, SHUT_RDWR);
    if (c->upstream >= 0) shutdown(c->upstream, SHUT_RDWR);
  }
}

void FaultProxy::AcceptLoop() {
  while (true) {
    int listen_fd;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      listen_fd = listen_fd_;
    }
    pollfd fds[2] = {{wake_[0], POLLIN, 0}, {listen_fd, POLLIN, 0}};
    if (poll(fds, listen_fd >= 0 ? 2 : 1, -1) < 0) continue;
    if (fds[0].revents != 0) {
      char drain[64];
      (void)!read(wake_[0], drain, sizeof drain);
      std::lock_guard<std::mutex> lock(mu_);
      if (mode_ == Mode::kRefuse && listen_fd_ >= 0) {
        close(listen_fd_);
        listen_fd_ = -1;
      } else if (mode_ != Mode::kRefuse && listen_fd_ < 0 && !stopping_) {
        Listen();
      }
      applied_ = requested_;
      changed_.notify_all();
      continue;
    }
    if (listen_fd < 0 || (fds[1].revents & POLLIN) == 0) continue;
    int client = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    SetNoDelay(client);
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || mode_ == Mode::kRefuse) {
      close(client);
      continue;
    }
    ++accepted_;
    auto connection = std::make_shared<Connection>();
    connection->client = client;
    connections_.push_back(connection);
    threads_.emplace_back([this, connection, mode = mode_] { Serve(connection, mode); });
  }
}

void FaultProxy::Serve(std::shared_ptr<Connection> connection, Mode mode) {
  if (mode == Mode::k503) {
    Answer503(*connection);
  } else {
    int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr = Loopback(upstream_port_);
    if (connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      SetNoDelay(upstream);
      bool dropped;
      {
        std::lock_guard<std::mutex> lock(mu_);
        connection->upstream = upstream;
        dropped = stopping_ || mode_ != Mode::kPass;
      }
      if (!dropped) Pump(*connection);
    } else {
      close(upstream);
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  connection->open = false;
  close(connection->client);
  if (connection->upstream >= 0) close(connection->upstream);
  std::erase(connections_, connection);
}

void FaultProxy::Answer503(Connection& connection) {
  // Reads the request head (a small body that came with it is read too), then answers.
  std::string head;
  char buf[16 * 1024];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < (1 << 20)) {
    ssize_t n = recv(connection.client, buf, sizeof buf, 0);
    if (n <= 0) return;
    head.append(buf, static_cast<size_t>(n));
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++answered_503_;
  }
  SendAll(connection.client, k503, sizeof k503 - 1);
  shutdown(connection.client, SHUT_WR);
}

void FaultProxy::Pump(Connection& connection) {
  char buf[64 * 1024];
  while (true) {
    pollfd fds[2] = {{connection.client, POLLIN, 0}, {connection.upstream, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[0].revents != 0) {
      ssize_t n = recv(connection.client, buf, sizeof buf, 0);
      if (n <= 0 || !SendAll(connection.upstream, buf, static_cast<size_t>(n))) return;
    }
    if (fds[1].revents != 0) {
      ssize_t n = recv(connection.upstream, buf, sizeof buf, 0);
      if (n <= 0) return;
      size_t forward = static_cast<size_t>(n);
      bool cut = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (outage_armed_) {
          if (n > outage_after_) {
            forward = static_cast<size_t>(outage_after_);
            cut = true;
            outage_armed_ = false;
            if (outage_thread_.joinable()) outage_thread_.detach();  // an earlier, finished one
            outage_thread_ = std::thread([this, outage = outage_] {
              SetMode(Mode::kRefuse);
              std::this_thread::sleep_for(outage);
              SetMode(Mode::kPass);
              std::lock_guard<std::mutex> lock(mu_);
              ++outages_done_;
            });
          } else {
            outage_after_ -= n;
          }
        }
        if (cut_times_ > 0 && !cut) {
          if (n > cut_remaining_) {
            forward = static_cast<size_t>(cut_remaining_);
            cut = true;
            --cut_times_;
            ++cuts_;
            cut_remaining_ = cut_every_;
          } else {
            cut_remaining_ -= n;
          }
        }
      }
      if (!SendAll(connection.client, buf, forward)) return;
      if (cut) {
        linger reset{1, 0};  // close with RST, as a crashed peer or a dropped route does
        setsockopt(connection.client, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        return;
      }
    }
  }
}

}  // namespace ark::testing
