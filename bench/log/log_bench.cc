// The cost of the line a backup logs for every item:
//   time="..." level=info msg="Backing up item" backup=ns/name resource=pods namespace=ns name=x
// formatted by Logger::Info into a sink that drops it, so only formatting is measured.
#include <benchmark/benchmark.h>

#include <string>

#include "util/clock.h"
#include "util/log.h"

namespace {

class DiscardSink final : public ark::LogSink {
 public:
  void Write(std::string_view line) override { benchmark::DoNotOptimize(line.data()); }
};

const std::string kResource = "pods";
const std::string kNamespace = "nginx-example";
const std::string kName = "nginx-deployment-5c689d88bb-7xq2k";

ark::Logger ItemLogger(ark::LogSink& sink) {
  return ark::Logger(sink, ark::LogLevel::kInfo, ark::SystemClock())
      .With("backup", "heptio-ark/nginx-backup");
}

// The fields built as a vector per item, as the backup run builds them.
void BM_ItemLineWithLogFields(benchmark::State& state) {
  DiscardSink sink;
  const ark::Logger log = ItemLogger(sink);
  for (auto _ : state) {
    ark::LogFields fields = {{"resource", kResource}};
    fields.emplace_back("namespace", kNamespace);
    fields.emplace_back("name", kName);
    log.Info("Backing up item", fields);
  }
}
BENCHMARK(BM_ItemLineWithLogFields)->Threads(1)->Threads(2);

// The fields as a braced list at the call site.
void BM_ItemLineWithBracedList(benchmark::State& state) {
  DiscardSink sink;
  const ark::Logger log = ItemLogger(sink);
  for (auto _ : state) {
    log.Info("Backing up item",
             {{"resource", kResource}, {"namespace", kNamespace}, {"name", kName}});
  }
}
BENCHMARK(BM_ItemLineWithBracedList)->Threads(1)->Threads(2);

// A line whose message and a value need quoting and escaping.
void BM_FormatQuotedLine(benchmark::State& state) {
  const ark::LogFields fields = {{"backup", "heptio-ark/nginx-backup"},
                                 {"error", "listing pods in \"nginx\": connection refused"}};
  const auto when = ark::SystemClock().Now();
  for (auto _ : state) {
    std::string line = ark::FormatLogLine(when, ark::LogLevel::kError, "Backup failed", fields);
    benchmark::DoNotOptimize(line.data());
  }
}
BENCHMARK(BM_FormatQuotedLine);

}  // namespace

BENCHMARK_MAIN();
