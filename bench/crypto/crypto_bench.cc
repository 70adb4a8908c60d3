// What sealing and opening cost on a backup's tarball, streamed file to file as the server
// uploads and downloads it: `copy` (plain read + write, the baseline), `seal`
// (SealingSource, what PutBackup adds) and `open` (OpeningSink, what GetContents adds), each
// RUNS times, alternating. One JSON line per measurement.
//   crypto_bench --in TARBALL --work DIR [--runs N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "crypto/keyring.h"
#include "crypto/opening_sink.h"
#include "crypto/sealing_source.h"
#include "util/byte_stream.h"

namespace {

void Check(const ark::Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << what << ": " << s.ToString() << "\n";
    std::exit(1);
  }
}

template <typename Fn>
double Seconds(Fn fn) {
  auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string in, work;
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--in") in = argv[i + 1];
    if (flag == "--work") work = argv[i + 1];
    if (flag == "--runs") runs = std::atoi(argv[i + 1]);
  }
  if (in.empty() || work.empty()) {
    std::cerr << "usage: crypto_bench --in TARBALL --work DIR [--runs N]\n";
    return 2;
  }
  ark::crypto::Keyring keys("crypto_bench");
  Check(keys.Add("k1", std::string(32, 'k')), "key");
  Check(keys.SetCurrent("k1"), "key");
  const std::string copied = work + "/copied", sealed = work + "/sealed", opened = work + "/opened";

  for (int run = 0; run < runs; ++run) {
    double copy_s = Seconds([&] {
      auto source = ark::OpenFileSource(in);
      auto sink = ark::OpenFileSink(copied);
      Check(source.status(), "open");
      Check(sink.status(), "create");
      Check(ark::Copy(**source, **sink), "copy");
      Check((*sink)->Close(), "close");
    });
    double seal_s = Seconds([&] {
      auto source = ark::OpenFileSource(in);
      auto sink = ark::OpenFileSink(sealed);
      Check(source.status(), "open");
      Check(sink.status(), "create");
      auto sealer = ark::crypto::SealingSource::Create(**source, keys);
      Check(sealer.status(), "seal");
      Check(ark::Copy(**sealer, **sink), "seal");
      Check((*sink)->Close(), "close");
    });
    double open_s = Seconds([&] {
      auto source = ark::OpenFileSource(sealed);
      auto sink = ark::OpenFileSink(opened);
      Check(source.status(), "open");
      Check(sink.status(), "create");
      ark::crypto::OpeningSink opener(**sink, &keys, "the sealed tarball", false);
      Check(ark::Copy(**source, opener), "open");
      Check(opener.Close(), "open");
      Check((*sink)->Close(), "close");
    });
    std::printf("{\"run\":%d,\"copy_s\":%.4f,\"seal_s\":%.4f,\"open_s\":%.4f}\n", run, copy_s,
                seal_s, open_s);
  }
  std::remove(copied.c_str());
  std::remove(sealed.c_str());
  std::remove(opened.c_str());
  return 0;
}
