#include "cloud/local/local_object_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <thread>

#include "cloud/local/file_url.h"
#include "support/process.h"

namespace ark::cloud::local {
namespace {

namespace fs = std::filesystem;

class LocalObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = NewLocalObjectStore({{"path", dir_.path()}}, ProcessProviderEnv());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  Status Put(const std::string& key, const std::string& body, const std::string& bucket = "b") {
    StringSource src(body);
    return store_->PutObject(bucket, key, src, static_cast<int64_t>(body.size()));
  }
  Result<std::string> Get(const std::string& key, const std::string& bucket = "b") {
    StringSink sink;
    ARK_RETURN_IF_ERROR(store_->GetObject(bucket, key, sink));
    return sink.Take();
  }
  std::vector<std::string> List(const std::string& prefix) {
    return store_->ListObjects("b", prefix).value();
  }

  ark::testing::TempDir dir_;
  std::unique_ptr<ObjectStore> store_;
};

// Stored files are made as any file the user makes: 0666 less the umask (a private store
// under umask 077 stays private).
TEST(LocalObjectStoreUmaskTest, StoredFilesFollowTheUmask) {
  for (mode_t mask : {mode_t{022}, mode_t{077}}) {
    ark::testing::TempDir dir;
    const mode_t old = ::umask(mask);
    auto store = NewLocalObjectStore({{"path", dir.path()}}, ProcessProviderEnv());
    ::umask(old);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    StringSource body("x");
    ASSERT_TRUE((*store)->PutObject("b", "k", body, 1).ok());
    struct stat st;
    ASSERT_EQ(::stat((dir.path() + "/b/k").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask) << std::oct << mask;
  }
}

TEST_F(LocalObjectStoreTest, PutGetExistsDelete) {
  ASSERT_TRUE(Put("nginx/nginx.tar.gz", "contents").ok());
  EXPECT_EQ(ark::testing::ReadFile(dir_.File("b/nginx/nginx.tar.gz")), "contents");
  EXPECT_EQ(*Get("nginx/nginx.tar.gz"), "contents");
  EXPECT_TRUE(*store_->ObjectExists("b", "nginx/nginx.tar.gz"));
  EXPECT_FALSE(*store_->ObjectExists("b", "nginx"));  // a prefix is not an object
  EXPECT_FALSE(*store_->ObjectExists("b", "nginx/other"));
  ASSERT_TRUE(Put("nginx/nginx.tar.gz", "replaced").ok());
  EXPECT_EQ(*Get("nginx/nginx.tar.gz"), "replaced");

  ASSERT_TRUE(store_->DeleteObject("b", "nginx/nginx.tar.gz").ok());
  EXPECT_EQ(Get("nginx/nginx.tar.gz").status().code(), Code::kNotFound);
  EXPECT_FALSE(fs::exists(dir_.File("b/nginx")));  // emptied directories go too
  EXPECT_TRUE(fs::exists(dir_.File("b")));
  EXPECT_TRUE(store_->DeleteObject("b", "nginx/nginx.tar.gz").ok());  // missing: fine
}

TEST_F(LocalObjectStoreTest, MissingObjectsAndBucketsAreNotFoundAndListEmpty) {
  auto r = Get("nope/x");
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_EQ(r.status().message(),
            "local object store: object \"nope/x\" in bucket \"b\" not found");
  EXPECT_TRUE(store_->ListObjects("no-bucket", "").value().empty());
  EXPECT_TRUE(store_->ListCommonPrefixes("no-bucket", "", "/").value().empty());
  EXPECT_FALSE(*store_->ObjectExists("no-bucket", "x"));
}

TEST_F(LocalObjectStoreTest, ListingFollowsS3Semantics) {
  for (const char* key :
       {"b1/ark-backup.json", "b1/b1.tar.gz", "b2/ark-backup.json", "backups/v1/velero-backup.json",
        "backups/v2/v2.tar.gz", "metadata/revision", "top-level", "b1-x/y"}) {
    ASSERT_TRUE(Put(key, "x").ok()) << key;
  }
  struct Case {
    std::string prefix, delimiter;
    std::vector<std::string> want;
  } cases[] = {
      {"", "/", {"b1-x/", "b1/", "b2/", "backups/", "metadata/"}},
      {"backups/", "/", {"backups/v1/", "backups/v2/"}},
      {"b1", "/", {"b1-x/", "b1/"}},
      {"b1/", "/", {}},
      {"", "-", {"b1-", "b1/ark-", "b2/ark-", "backups/v1/velero-", "top-"}},
      {"backups/v", ".", {"backups/v1/velero-backup.", "backups/v2/v2."}},
      {"nothing/", "/", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.prefix + " " + c.delimiter);
    auto got = store_->ListCommonPrefixes("b", c.prefix, c.delimiter);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, c.want);
  }
  EXPECT_EQ(List("b1"), (std::vector<std::string>{"b1-x/y", "b1/ark-backup.json", "b1/b1.tar.gz"}));
  EXPECT_EQ(List("b1/"), (std::vector<std::string>{"b1/ark-backup.json", "b1/b1.tar.gz"}));
  EXPECT_EQ(List("backups/v2/v"), (std::vector<std::string>{"backups/v2/v2.tar.gz"}));
  EXPECT_EQ(List("").size(), 8u);
  EXPECT_EQ(store_->ListCommonPrefixes("b", "", "").status().code(), Code::kInvalidArgument);
}

TEST_F(LocalObjectStoreTest, RejectsKeysThatLeaveTheBucket) {
  const std::string bad_keys[] = {
      "",    "/etc/passwd", "../outside", "a/../../outside", "a//b",
      "./a", "a/.",         "dir/",       ".ark-tmp-x",      std::string("a\0b", 3)};
  for (const std::string& key : bad_keys) {
    SCOPED_TRACE(key);
    EXPECT_EQ(Put(key, "x").code(), Code::kInvalidArgument);
    EXPECT_EQ(Get(key).status().code(), Code::kInvalidArgument);
    EXPECT_EQ(store_->DeleteObject("b", key).code(), Code::kInvalidArgument);
    EXPECT_EQ(store_->CreateSignedUrl("b", key, std::chrono::seconds(60)).status().code(),
              Code::kInvalidArgument);
  }
  for (const std::string bucket : {"", "..", ".", "a/b"}) {
    EXPECT_EQ(Put("k", "x", bucket).code(), Code::kInvalidArgument) << bucket;
  }
  EXPECT_EQ(store_->ListObjects("b", "../").status().code(), Code::kInvalidArgument);
  EXPECT_FALSE(fs::exists(dir_.path() + "/../outside"));
}

TEST_F(LocalObjectStoreTest, KeysThatAreAlsoPrefixesConflict) {
  ASSERT_TRUE(Put("a/b", "x").ok());
  EXPECT_EQ(Put("a", "x").code(), Code::kFailedPrecondition);
  EXPECT_EQ(Put("a/b/c", "x").code(), Code::kFailedPrecondition);
  EXPECT_EQ(*Get("a/b"), "x");
}

// A body that fails half way: nothing appears, no temporary file is left behind.
class BrokenSource : public ByteSource {
 public:
  Result<size_t> Read(char* buf, size_t size) override {
    if (calls_++ == 0) {
      std::fill(buf, buf + std::min<size_t>(size, 100), 'x');
      return std::min<size_t>(size, 100);
    }
    return Unavailable("connection reset");
  }

 private:
  int calls_ = 0;
};

TEST_F(LocalObjectStoreTest, WritesAreAtomic) {
  ASSERT_TRUE(Put("b1/keep", "old").ok());
  BrokenSource broken;
  Status s = store_->PutObject("b", "b1/keep", broken, -1);
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_NE(s.message().find("writing object \"b1/keep\""), std::string::npos) << s.ToString();
  EXPECT_EQ(*Get("b1/keep"), "old");
  StringSource shorter("abc");
  EXPECT_EQ(store_->PutObject("b", "b1/keep", shorter, 10).code(), Code::kInvalidArgument);
  EXPECT_EQ(*Get("b1/keep"), "old");
  size_t files = 0;
  for (auto& e : fs::recursive_directory_iterator(dir_.path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
  // A stray temporary file (a crash mid-write) is never listed.
  ark::testing::WriteFile(dir_.File("b/b1/.ark-tmp-abc123"), "partial");
  EXPECT_EQ(List(""), std::vector<std::string>{"b1/keep"});
}

TEST_F(LocalObjectStoreTest, ReadersSeeWholeObjectsWhileTheyAreReplaced) {
  const std::string a(300 << 10, 'a'), b(200 << 10, 'b');
  ASSERT_TRUE(Put("k", a).ok());
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 30; ++i) EXPECT_TRUE(Put("k", i % 2 ? a : b).ok());
    done = true;
  });
  int reads = 0;
  while (!done || reads == 0) {
    auto got = Get("k");
    ++reads;
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    if (!got.ok()) break;
    EXPECT_TRUE(*got == a || *got == b) << "partial object of " << got->size() << " bytes";
    if (*got != a && *got != b) break;
  }
  writer.join();
  EXPECT_EQ(List(""), std::vector<std::string>{"k"});
}

TEST_F(LocalObjectStoreTest, SignedUrlsAreFileUrlsOfTheObject) {
  ASSERT_TRUE(Put("my backup/logs 100%.gz", "log").ok());
  auto url = store_->CreateSignedUrl("b", "my backup/logs 100%.gz", std::chrono::seconds(600));
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->rfind("file:///", 0), 0u);
  EXPECT_NE(url->find("my%20backup/logs%20100%25.gz"), std::string::npos) << *url;
  auto path = FileUrlPath(*url);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(ark::testing::ReadFile(*path), "log");
  EXPECT_EQ(FileUrlPath("https://x/y").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(FileUrlPath("file://host/y").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(FileUrlPath("file:///a%2").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(*FileUrlPath("file://localhost/a%2Fb"), "/a/b");
}

TEST_F(LocalObjectStoreTest, ConcurrentPutsListAndDeletes) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 20; ++i) {
        std::string key =
            "shared/" + std::to_string(i % 3) + "/t" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_TRUE(Put(key, key).ok());
        if (i % 2) {
          EXPECT_TRUE(store_->DeleteObject("b", key).ok());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<std::string> keys = List("shared/");
  EXPECT_EQ(keys.size(), 60u);
  for (const std::string& k : keys) EXPECT_EQ(*Get(k), k);
}

// A typo in `path` must be an error, as a missing S3 bucket is, never a store that lists
// nothing: sync would take every backup for one whose files are gone.
TEST(NewLocalObjectStore, ThePathMustBeAnAbsoluteDirectoryThatExists) {
  ark::testing::TempDir dir;
  ark::testing::WriteFile(dir.File("a-file"), "x");
  struct Case {
    std::string path;
    std::string error;  // "" : accepted
  };
  const Case cases[] = {
      {dir.path(), ""},
      {dir.path() + "/", ""},
      {"relative/dir/",
       "local object store: path \"relative/dir/\" is relative: name the directory by its "
       "absolute path"},
      {dir.File("typo"), "local object store: path \"" + dir.File("typo") +
                             "\" does not exist (create the directory)"},
      {dir.File("a-file"),
       "local object store: path \"" + dir.File("a-file") + "\" is not a directory"},
      {"", "local object store: config key \"path\" is empty"},
  };
  for (const Case& c : cases) {
    auto store = NewLocalObjectStore({{"path", c.path}}, ProcessProviderEnv());
    if (c.error.empty()) {
      ASSERT_TRUE(store.ok()) << c.path << ": " << store.status().ToString();
      EXPECT_EQ(dynamic_cast<LocalObjectStore*>(store->get())->root(), dir.path());
    } else {
      EXPECT_EQ(store.status().code(), Code::kInvalidArgument) << c.path;
      EXPECT_EQ(store.status().message(), c.error);
    }
  }
  if (!fs::exists(kDefaultLocalStorePath)) {
    EXPECT_EQ(NewLocalObjectStore({}, ProcessProviderEnv()).status().code(), Code::kInvalidArgument)
        << "the default path is checked too";
  }
}

// A root that disappears after the store was built (an unmounted volume) is an error when
// listed, not an empty bucket.
TEST(NewLocalObjectStore, ListingFailsWhenThePathIsGone) {
  ark::testing::TempDir dir;
  const std::string root = dir.File("root");
  fs::create_directories(root);
  auto store = NewLocalObjectStore({{"path", root}}, ProcessProviderEnv());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->ListObjects("b", "").value().empty()) << "a bucket not made yet is empty";
  fs::remove(root);
  auto listed = (*store)->ListCommonPrefixes("b", "", "/");
  EXPECT_EQ(listed.status().code(), Code::kInvalidArgument);
  EXPECT_NE(listed.status().message().find("does not exist"), std::string::npos)
      << listed.status().ToString();
}

}  // namespace
}  // namespace ark::cloud::local

namespace ark::cloud::local {
namespace {

// Sets the modification time of `path` to `age` ago, as a writer killed that long ago left it.
void Backdate(const std::string& path, std::chrono::seconds age) {
  struct timespec times[2];
  ASSERT_EQ(::clock_gettime(CLOCK_REALTIME, &times[0]), 0);
  times[0].tv_sec -= age.count();
  times[1] = times[0];
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

TEST_F(LocalObjectStoreTest, AbandonedUploadsOlderThanTheCutoffAreRemoved) {
  using std::chrono::hours;
  ASSERT_TRUE(Put("backups/b1/b1.tar.gz", "contents").ok());
  fs::create_directories(dir_.File("b/backups/b2"));
  ark::testing::WriteFile(dir_.File("b/backups/b2/.ark-tmp-old111"), std::string(1000, 'x'));
  ark::testing::WriteFile(dir_.File("b/.ark-tmp-old222"), std::string(24, 'x'));
  ark::testing::WriteFile(dir_.File("b/backups/b2/.ark-tmp-fresh3"), "being written");
  // Another bucket's files are another server's business.
  fs::create_directories(dir_.File("other"));
  ark::testing::WriteFile(dir_.File("other/.ark-tmp-old444"), "x");
  for (const char* old :
       {"b/backups/b2/.ark-tmp-old111", "b/.ark-tmp-old222", "other/.ark-tmp-old444"}) {
    Backdate(dir_.File(old), hours(2));
  }
  // An old object is not a partial upload, whatever its age.
  Backdate(dir_.File("b/backups/b1/b1.tar.gz"), hours(2));

  auto removed = store_->RemoveAbandonedUploads("b", std::chrono::system_clock::now() - hours(1));
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->files, 2);
  EXPECT_EQ(removed->bytes, 1024);
  EXPECT_FALSE(fs::exists(dir_.File("b/backups/b2/.ark-tmp-old111")));
  EXPECT_FALSE(fs::exists(dir_.File("b/.ark-tmp-old222")));
  EXPECT_TRUE(fs::exists(dir_.File("b/backups/b2/.ark-tmp-fresh3")));
  EXPECT_TRUE(fs::exists(dir_.File("other/.ark-tmp-old444")));
  EXPECT_EQ(*Get("backups/b1/b1.tar.gz"), "contents");

  auto again = store_->RemoveAbandonedUploads("b", std::chrono::system_clock::now() - hours(1));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->files, 0);
  auto missing = store_->RemoveAbandonedUploads("nobucket", std::chrono::system_clock::now());
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->files, 0);
  EXPECT_EQ(
      store_->RemoveAbandonedUploads("../b", std::chrono::system_clock::now()).status().code(),
      Code::kInvalidArgument);
}

// A deletion of everything under a prefix takes the partial uploads a killed writer left
// there, whatever their age, and the directories that leaves empty; nothing elsewhere.
TEST_F(LocalObjectStoreTest, UnfinishedUploadsUnderAPrefixAreRemovedWhateverTheirAge) {
  ASSERT_TRUE(Put("sc1/restore-r1-logs.gz", "log").ok());
  ASSERT_TRUE(Put("other/other.tar.gz", "contents").ok());
  ark::testing::WriteFile(dir_.File("b/sc1/.ark-tmp-abc123"), std::string(100, 'x'));
  fs::create_directories(dir_.File("b/sc1/deeper"));
  ark::testing::WriteFile(dir_.File("b/sc1/deeper/.ark-tmp-def456"), "yy");
  ark::testing::WriteFile(dir_.File("b/other/.ark-tmp-ghi789"), "z");
  ASSERT_TRUE(store_->DeleteObject("b", "sc1/restore-r1-logs.gz").ok());
  EXPECT_TRUE(fs::exists(dir_.File("b/sc1"))) << "the partial uploads keep the folder";

  auto removed = store_->RemoveUnfinishedUploadsUnder("b", "sc1/");
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->files, 2);
  EXPECT_EQ(removed->bytes, 102);
  EXPECT_FALSE(fs::exists(dir_.File("b/sc1")));
  EXPECT_TRUE(fs::exists(dir_.File("b/other/.ark-tmp-ghi789")));
  EXPECT_EQ(*Get("other/other.tar.gz"), "contents");

  auto none = store_->RemoveUnfinishedUploadsUnder("b", "missing/");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->files, 0);
  EXPECT_EQ(store_->RemoveUnfinishedUploadsUnder("b", "../x/").status().code(),
            Code::kInvalidArgument);
}

}  // namespace
}  // namespace ark::cloud::local
