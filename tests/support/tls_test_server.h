#pragma once

// Header-only helpers for tests that run a cpp-httplib server (link PkgConfig::HTTPLIB):
// serving it on loopback, and a throw-away PKI made with the openssl CLI.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/process.h"

namespace ark::testing {

// Serves `server` on an ephemeral loopback port for the lifetime of this object.
class Serving {
 public:
  explicit Serving(httplib::Server& server) : server_(server) {
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Serving() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& scheme, const std::string& path) const {
    return scheme + "://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server& server_;
  std::thread thread_;
  int port_;
};

// A CA (ca.crt, ca.key), a server certificate for 127.0.0.1 (server.crt, server.key) and a
// client certificate (client.crt, client.key) in a temp dir, made by openssl.
struct TestPki {
  TempDir dir;
  TestPki() {
    auto ssl = [&](std::vector<std::string> args) {
      args.insert(args.begin(), "openssl");
      auto r = Run(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    ssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
         "-keyout", dir.File("ca.key"), "-out", dir.File("ca.crt")});
    WriteFile(dir.File("ext"), "subjectAltName=IP:127.0.0.1\n");
    for (std::string who : {"server", "client"}) {
      ssl({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + who, "-keyout",
           dir.File(who + ".key"), "-out", dir.File(who + ".csr")});
      ssl({"x509", "-req", "-in", dir.File(who + ".csr"), "-CA", dir.File("ca.crt"), "-CAkey",
           dir.File("ca.key"), "-CAcreateserial", "-days", "2", "-extfile", dir.File("ext"), "-out",
           dir.File(who + ".crt")});
    }
  }
};

}  // namespace ark::testing
