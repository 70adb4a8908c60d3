#include "verify/manifest_builder.h"

#include <gtest/gtest.h>

#include "archive/gzip_reader.h"
#include "archive/tarball_writer.h"
#include "util/digest.h"

namespace ark::verify {
namespace {

std::string Tarball(const std::vector<std::pair<std::string, std::string>>& entries) {
  StringSink out;
  auto writer = archive::NewTarballWriter(out, {.compression_level = 6, .compression_threads = 1});
  EXPECT_TRUE(writer.ok());
  for (const auto& [path, content] : entries) EXPECT_TRUE((*writer)->Add(path, content).ok());
  EXPECT_TRUE((*writer)->Close().ok());
  return out.Take();
}

TEST(BuildManifest, DigestsEveryEntryTheFilesAndCountsObjects) {
  const std::string web = R"({"kind":"Pod","metadata":{"name":"web"}})";
  const std::string app = R"({"kind":"Deployment","metadata":{"name":"app"}})";
  const std::string tarball =
      Tarball({{"metadata/version", "1"},
               {"resources/pods/namespaces/default/web.json", web},
               {"resources/deployments.apps/namespaces/default/app.json", app}});
  const std::string log = "gzipped log bytes (not read as gzip)";
  ManifestSources sources{"b1",
                          {{"pv-1", {{"snapshotID", "snap-1"}}},
                           {"pv-2", {{"type", "gp2"}}},
                           {"pv-3", {{"snapshotID", 5}}}},
                          "aws"};
  StringSource tarball_in(tarball), log_in(log);
  auto m = BuildManifest(sources, tarball_in, log_in);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->backup, "b1");
  EXPECT_EQ(m->written_by.rfind("ark ", 0), 0u) << m->written_by;
  EXPECT_EQ(m->contents,
            (api::FileDigest{static_cast<int64_t>(tarball.size()), Sha256Hex(tarball)}));
  EXPECT_EQ(m->log, (api::FileDigest{static_cast<int64_t>(log.size()), Sha256Hex(log)}));
  EXPECT_EQ(m->entries, (std::vector<api::ManifestEntry>{
                            {"metadata/version", {1, Sha256Hex("1")}},
                            {"resources/pods/namespaces/default/web.json",
                             {static_cast<int64_t>(web.size()), Sha256Hex(web)}},
                            {"resources/deployments.apps/namespaces/default/app.json",
                             {static_cast<int64_t>(app.size()), Sha256Hex(app)}}}));
  EXPECT_EQ(m->resources, (std::map<std::string, int64_t>{{"deployments.apps", 1}, {"pods", 1}}));
  // A PV without a snapshot ID (its snapshot failed), or with one that is not a string (a
  // hand-edited Backup), records nothing.
  EXPECT_EQ(m->volume_snapshots, (std::vector<api::ManifestSnapshot>{{"pv-1", "snap-1", "aws"}}));

  StringSink gz;
  auto size = WriteGzippedManifest(*m, gz);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, static_cast<int64_t>(gz.str().size()));
  StringSource gz_in(gz.str());
  archive::GzipReader gunzip(gz_in, 1000);
  StringSink text;
  ASSERT_TRUE(Copy(gunzip, text).ok());
  auto back = api::DecodeBackupManifest(text.str(), "b1");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, *m);
}

TEST(BuildManifest, ATarballThatDoesNotReadWholeIsRefused) {
  std::string tarball = Tarball({{"resources/pods/namespaces/default/web.json", "{}"}});
  tarball.resize(tarball.size() - 10);
  StringSource tarball_in(tarball), log_in("");
  ManifestSources sources;
  sources.backup = "b1";
  auto m = BuildManifest(sources, tarball_in, log_in);
  EXPECT_EQ(m.status().code(), Code::kDataLoss);
  EXPECT_NE(m.status().message().find(
                "building the manifest of backup \"b1\": its tarball does not read whole"),
            std::string::npos)
      << m.status().ToString();
}

}  // namespace
}  // namespace ark::verify
