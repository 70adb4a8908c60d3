#include "util/temp_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <utility>
#include <vector>

namespace ark {
namespace {

TEST(TempFile, CreatesAUniqueFileAndRemovesItOnce) {
  std::string first_path, second_path;
  {
    Result<TempFile> first = TempFile::Create(SystemTempDir(), "ark-temp-test-");
    Result<TempFile> second = TempFile::Create(SystemTempDir(), "ark-temp-test-");
    ASSERT_TRUE(first.ok() && second.ok());
    first_path = first->path();
    second_path = second->path();
    EXPECT_NE(first_path, second_path);
    EXPECT_EQ(std::filesystem::path(first_path).filename().string().rfind("ark-temp-test-", 0), 0u);
    EXPECT_TRUE(std::filesystem::exists(first_path));
    EXPECT_EQ(std::filesystem::file_size(first_path), 0u);
    // A moved-from file no longer owns the path: the new owner removes it.
    TempFile moved(std::move(*first));
    EXPECT_EQ(moved.path(), first_path);
  }
  EXPECT_FALSE(std::filesystem::exists(first_path));
  EXPECT_FALSE(std::filesystem::exists(second_path));
}

TEST(TempFile, TheSystemTempDirIsTmpdir) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent-dir-for-ark", 1);
  Result<TempFile> file = TempFile::Create(SystemTempDir(), "x-");
  if (saved.empty()) {
    unsetenv("TMPDIR");
  } else {
    setenv("TMPDIR", saved.c_str(), 1);
  }
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("/nonexistent-dir-for-ark/x-"), std::string::npos)
      << file.status().ToString();
}

class TempFileInDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "ark-temp-file-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string dir_;
};

TEST_F(TempFileInDir, FilesAreOwnerOnlyWhateverTheUmask) {
  const mode_t old = ::umask(0);
  Result<TempFile> file = TempFile::Create(dir_, "backup-ns-name-", ".tar.gz");
  ::umask(old);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  struct stat st;
  ASSERT_EQ(::lstat(file->path().c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  const std::string name = std::filesystem::path(file->path()).filename().string();
  EXPECT_EQ(std::filesystem::path(file->path()).parent_path().string(), dir_);
  EXPECT_EQ(name.rfind("backup-ns-name-", 0), 0u) << name;
  ASSERT_EQ(name.size(),
            std::string("backup-ns-name-").size() + 16 + std::string(".tar.gz").size());
  EXPECT_EQ(name.substr(name.size() - 7), ".tar.gz") << name;
}

TEST_F(TempFileInDir, NamesAreUnpredictable) {
  std::set<std::string> middles;
  std::vector<TempFile> files;
  for (int i = 0; i < 50; ++i) {
    Result<TempFile> file = TempFile::Create(dir_, "x-", ".gz");
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    const std::string name = std::filesystem::path(file->path()).filename().string();
    middles.insert(name.substr(2, 16));
    files.push_back(std::move(*file));
  }
  EXPECT_EQ(middles.size(), 50u);
}

TEST_F(TempFileInDir, PrefixesCannotLeaveTheFolder) {
  Result<TempFile> file = TempFile::Create(dir_, "backup-../../etc/passwd-", "/x");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(std::filesystem::path(file->path()).parent_path().string(), dir_) << file->path();
  const std::string name = std::filesystem::path(file->path()).filename().string();
  EXPECT_EQ(name.rfind("backup-.._.._etc_passwd-", 0), 0u) << name;
  EXPECT_EQ(name.substr(name.size() - 2), "_x") << name;
}

TEST_F(TempFileInDir, AMissingFolderIsAnErrorNamingIt) {
  Result<TempFile> file = TempFile::Create(dir_ + "/missing", "x-");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), Code::kUnavailable);
  EXPECT_NE(file.status().message().find(dir_ + "/missing"), std::string::npos)
      << file.status().ToString();
  EXPECT_NE(file.status().message().find("No such file or directory"), std::string::npos)
      << file.status().ToString();
}

}  // namespace
}  // namespace ark
