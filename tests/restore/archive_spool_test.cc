// The spool: one pass over the tarball, one file per group-resource, few files open.
#include "restore/archive_spool.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "archive/tarball_writer.h"
#include "restore_fixtures.h"
#include "support/process.h"

namespace ark::restore {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

std::string Tarball(const Entries& entries) {
  StringSink sink;
  auto writer = archive::NewTarballWriter(sink);
  EXPECT_TRUE(writer.ok());
  for (const auto& [path, content] : entries) EXPECT_TRUE((*writer)->Add(path, content).ok());
  EXPECT_TRUE((*writer)->Close().ok());
  return sink.Take();
}

// (ns/name, content) of every spooled item of `gr`, in order.
Entries Items(const ArchiveSpool& spool, const std::string& gr) {
  Entries out;
  Status s = spool.ForEach(gr, [&](SpoolItem& item) {
    out.emplace_back(item.ns + "/" + item.name, item.content);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

TEST(ArchiveSpool, GroupsItemsOfEveryLayoutInArchiveOrder) {
  ark::testing::TempDir dir;
  StringSource source(Tarball({
      {"metadata/version", "1\n"},
      {"resources/pods/namespaces/a/p1.json", "{\"p\":1}"},
      {"resources/namespaces/cluster/a.json", "{\"n\":1}"},
      {"resources/pods/namespaces/b/p2.json", "{\"p\":2}"},
      {"namespaces/c/configmaps/cm.json", "{\"c\":1}"},     // Ark v0.3/v0.4
      {"cluster/persistentvolumes/pv1.json", "{\"v\":1}"},  // Ark v0.3/v0.4
      {"resources/customresourcedefinitions.apiextensions.k8s.io/cluster/w.example.com.json", "{}"},
  }));
  auto spool = ArchiveSpool::Build(source, dir.path());
  ASSERT_TRUE(spool.ok()) << spool.status().ToString();
  const ArchiveSpool& s = **spool;
  EXPECT_EQ(s.GroupResources(), (std::vector<std::string>{
                                    "configmaps", "customresourcedefinitions.apiextensions.k8s.io",
                                    "namespaces", "persistentvolumes", "pods"}));
  EXPECT_EQ(Items(s, "pods"), (Entries{{"a/p1", "{\"p\":1}"}, {"b/p2", "{\"p\":2}"}}));
  EXPECT_EQ(Items(s, "namespaces"), (Entries{{"/a", "{\"n\":1}"}}));
  EXPECT_EQ(Items(s, "configmaps"), (Entries{{"c/cm", "{\"c\":1}"}}));
  EXPECT_EQ(Items(s, "persistentvolumes"), (Entries{{"/pv1", "{\"v\":1}"}}));
  EXPECT_EQ(s.ClusterItemCount("persistentvolumes"), 1);
  EXPECT_EQ(s.ClusterItemCount("pods"), 0);
  EXPECT_EQ(s.crd_names(), (std::set<std::string>{"w.example.com"}));
  EXPECT_EQ(s.stats().items, 6);
  EXPECT_EQ(s.stats().ignored_entries, 1);
  EXPECT_TRUE(Items(s, "secrets").empty());
}

TEST(ArchiveSpool, InterleavedResourcesKeepFewFilesOpen) {
  ark::testing::TempDir dir;
  Entries entries;
  for (int i = 0; i < 300; ++i) {
    const std::string gr = "things" + std::to_string(i % 10) + ".example.com";
    entries.emplace_back("resources/" + gr + "/namespaces/ns/item" + std::to_string(i) + ".json",
                         std::to_string(i));
  }
  StringSource source(Tarball(entries));
  auto spool = ArchiveSpool::Build(source, dir.path());
  ASSERT_TRUE(spool.ok()) << spool.status().ToString();
  EXPECT_LE((*spool)->stats().max_open_files, ArchiveSpool::kMaxOpenWriters);
  ASSERT_EQ((*spool)->GroupResources().size(), 10u);
  Entries things3 = Items(**spool, "things3.example.com");
  ASSERT_EQ(things3.size(), 30u);
  for (size_t k = 0; k < things3.size(); ++k) {
    EXPECT_EQ(things3[k].second, std::to_string(3 + 10 * k));
  }
}

TEST(ArchiveSpool, WorkDirectoryRemovedWithTheSpool) {
  ark::testing::TempDir dir;
  StringSource source(Tarball({{"resources/pods/namespaces/a/p.json", "{}"}}));
  std::string spool_dir;
  {
    auto spool = ArchiveSpool::Build(source, dir.path());
    ASSERT_TRUE(spool.ok());
    spool_dir = (*spool)->dir();
    EXPECT_TRUE(std::filesystem::is_directory(spool_dir));
    EXPECT_EQ(spool_dir.rfind(dir.path(), 0), 0u);
  }
  EXPECT_FALSE(std::filesystem::exists(spool_dir));
}

TEST(ArchiveSpool, SpoolFilesAreOwnerOnlyWhateverTheUmask) {
  ark::testing::TempDir dir;
  StringSource source(Tarball({{"resources/pods/namespaces/a/p.json", "{}"},
                               {"resources/secrets/namespaces/a/s.json", "{}"}}));
  const mode_t old = ::umask(0);
  auto spool = ArchiveSpool::Build(source, dir.path());
  ::umask(old);
  ASSERT_TRUE(spool.ok()) << spool.status().ToString();
  struct stat st;
  ASSERT_EQ(::lstat((*spool)->dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator((*spool)->dir())) {
    ASSERT_EQ(::lstat(e.path().c_str(), &st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode)) << e.path();
    EXPECT_EQ(st.st_mode & 07777, 0600u) << e.path();
    ++files;
  }
  EXPECT_EQ(files, 2);
}

TEST(ArchiveSpool, RejectsPathsNoArkWroteNamingThem) {
  ark::testing::TempDir dir;
  StringSource source(
      Tarball({{"resources/pods/namespaces/a/p.json", "{}"}, {"somewhere/else/x.json", "{}"}}));
  auto spool = ArchiveSpool::Build(source, dir.path());
  ASSERT_FALSE(spool.ok());
  EXPECT_NE(spool.status().ToString().find("somewhere/else/x.json"), std::string::npos)
      << spool.status().ToString();
}

TEST(ArchiveSpool, RejectsACorruptTarball) {
  ark::testing::TempDir dir;
  std::string bytes = Tarball({{"resources/pods/namespaces/a/p.json", std::string(5000, 'x')}});
  bytes.resize(bytes.size() / 2);
  StringSource source(bytes);
  auto spool = ArchiveSpool::Build(source, dir.path());
  ASSERT_FALSE(spool.ok());
}

struct FixtureCase {
  std::string tarball;
  int64_t items;
  int64_t ignored;
};

void PrintTo(const FixtureCase& c, std::ostream* os) { *os << c.tarball; }

class SpoolFixtureTest : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(SpoolFixtureTest, ReadsEveryEntry) {
  ark::testing::TempDir dir;
  StringSource source(testing::ReadFixture(GetParam().tarball));
  auto spool = ArchiveSpool::Build(source, dir.path());
  ASSERT_TRUE(spool.ok()) << spool.status().ToString();
  EXPECT_EQ((*spool)->stats().items, GetParam().items);
  EXPECT_EQ((*spool)->stats().ignored_entries, GetParam().ignored);
  EXPECT_LE((*spool)->stats().max_open_files, ArchiveSpool::kMaxOpenWriters);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, SpoolFixtureTest,
    ::testing::Values(FixtureCase{"ark-v0.5.1/full-cluster/full-cluster.tar.gz", 235, 0},
                      FixtureCase{"ark-v0.3.3/full-cluster/full-cluster.tar.gz", 235, 0},
                      FixtureCase{"ark-v0.3.3/nginx-ns/nginx-ns.tar.gz", 198, 0},
                      FixtureCase{"velero-v1.1.0/backups/nginx-ns/nginx-ns.tar.gz", 18, 1}));

}  // namespace
}  // namespace ark::restore
