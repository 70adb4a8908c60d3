// GCS downloads through a fault proxy in front of GcsStub: a transfer reset mid-body resumes
// with a Range request pinned to the generation it began with.
#include <gtest/gtest.h>

#include "cloud/gcp/gcp_provider.h"
#include "gcs_stub.h"
#include "support/download_faults.h"
#include "util/fake_clock.h"

namespace ark::cloud::gcp {
namespace {

using ark::testing::FaultProxy;
using ark::testing::GcsStub;
using ark::testing::StubServer;

struct ProxiedGcs {
  StubServer server;
  GcsStub stub{server};
  FakeClock clock;
  std::unique_ptr<FaultProxy> proxy;
  std::unique_ptr<ObjectStore> store;

  void Start() {
    server.Start();
    proxy = FaultProxy::Start(server.port());
    ASSERT_NE(proxy, nullptr);
    ProviderEnv env;
    env.clock = &clock;
    const std::string host = "127.0.0.1:" + std::to_string(proxy->port());
    env.getenv = [host](std::string_view name) -> std::optional<std::string> {
      if (name == "STORAGE_EMULATOR_HOST") return host;
      return std::nullopt;
    };
    auto made = NewGcsObjectStore({}, env);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    store = std::move(*made);
  }
};

TEST(GcsResume, DownloadResetMidBodyResumesWithRangeAndSameBytes) {
  ProxiedGcs g;
  ASSERT_NO_FATAL_FAILURE(g.Start());
  const std::string data = ark::testing::RandomBytes(3 << 20);
  g.stub.Put("bkt", "backups/b1/b1.tar.gz", data);
  ark::testing::ExpectDownloadResumesAfterResets(*g.store, *g.proxy, "bkt", "backups/b1/b1.tar.gz",
                                                 data);
  const std::vector<std::string> ranges = g.stub.media_ranges();
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(ranges[0], "");
  for (size_t i = 1; i < ranges.size(); ++i) {
    EXPECT_EQ(ranges[i].rfind("bytes=", 0), 0u) << ranges[i];
    EXPECT_NE(ranges[i], "bytes=0-") << "a resumed try must not start over";
  }
}

TEST(GcsResume, ObjectReplacedBetweenTriesIsDataLoss) {
  ProxiedGcs g;
  ASSERT_NO_FATAL_FAILURE(g.Start());
  g.stub.Put("bkt", "backups/b1/b1.tar.gz", ark::testing::RandomBytes(3 << 20, 1));
  ark::testing::ExpectReplacedObjectFailsTheDownload(
      *g.store, *g.proxy, "bkt", "backups/b1/b1.tar.gz",
      [&] { g.stub.Put("bkt", "backups/b1/b1.tar.gz", ark::testing::RandomBytes(3 << 20, 2)); });
}

// Cut before any byte arrives, again and again: the download gives up after the budget with
// the last error, not a partial object reported as complete.
TEST(GcsResume, PersistentResetsEndInAnErrorAfterTheBudget) {
  ProxiedGcs g;
  ASSERT_NO_FATAL_FAILURE(g.Start());
  g.stub.Put("bkt", "k", ark::testing::RandomBytes(1 << 20));
  g.proxy->CutResponsesAfter(0, 1000);
  StringSink sink;
  Status got = g.store->GetObject("bkt", "k", sink);
  EXPECT_EQ(got.code(), Code::kUnavailable) << got.ToString();
  EXPECT_NE(got.message().find("gs://bkt/k"), std::string::npos) << got.ToString();
  EXPECT_NE(got.message().find("gave up after"), std::string::npos) << got.ToString();
  EXPECT_TRUE(sink.str().empty());
}

}  // namespace
}  // namespace ark::cloud::gcp
