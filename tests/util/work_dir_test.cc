#include "util/work_dir.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace ark {
namespace {

namespace fs = std::filesystem;

std::set<std::string> Entries(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

mode_t ModeOf(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

void Write(const std::string& path, size_t bytes) {
  std::ofstream(path) << std::string(bytes, 'x');
}

class WorkDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ark-work-dir-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    parent_ = tmpl;
    base_ = parent_ + "/ark-" + std::to_string(::geteuid());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(parent_, ec);
  }

  std::string parent_;
  std::string base_;
};

TEST_F(WorkDirTest, MakesAPrivateLockedFolderAndRemovesItWhenDone) {
  std::string path;
  {
    WorkDirCleanup cleanup;
    auto dir = WorkDir::Create(parent_, "server-", &cleanup);
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    path = (*dir)->path();
    EXPECT_EQ(fs::path(path).parent_path().string(), base_);
    EXPECT_EQ(fs::path(path).filename().string().rfind("server-", 0), 0u) << path;
    EXPECT_EQ(ModeOf(base_), 0700u);
    EXPECT_EQ(ModeOf(path), 0700u);
    EXPECT_EQ(Entries(path), std::set<std::string>{".lock"});
    EXPECT_EQ(cleanup.folders, 0);
    EXPECT_TRUE(cleanup.problems.empty());
    Write(path + "/staged.tar.gz", 10);
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(Entries(base_), std::set<std::string>{".lock"});
}

TEST_F(WorkDirTest, TheUmaskDoesNotChangeTheModes) {
  const mode_t old = ::umask(0177);  // would make folders 0600: not enterable
  auto dir = WorkDir::Create(parent_, "server-", nullptr);
  ::umask(old);
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  EXPECT_EQ(ModeOf(base_), 0700u);
  EXPECT_EQ(ModeOf((*dir)->path()), 0700u);
}

TEST_F(WorkDirTest, RemovesWhatAKilledProcessLeftAndKeepsLiveFolders) {
  auto live = WorkDir::Create(parent_, "server-", nullptr);
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  Write((*live)->path() + "/running.tar.gz", 5);

  // A child makes its folder, stages 1000 bytes in two files and is killed.
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto dir = WorkDir::Create(parent_, "server-", nullptr);
    if (dir.ok()) {
      Write((*dir)->path() + "/backup.tar.gz", 900);
      fs::create_directory((*dir)->path() + "/spool");
      Write((*dir)->path() + "/spool/1.spool", 100);
    }
    char ok = dir.ok() ? 'y' : 'n';
    (void)!::write(ready[1], &ok, 1);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  char ok = 0;
  ASSERT_EQ(::read(ready[0], &ok, 1), 1);
  ::close(ready[0]);
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_EQ(ok, 'y');
  ASSERT_EQ(Entries(base_).size(), 3u);  // .lock, the live folder, the dead one

  // A folder whose lock file is missing (killed before it was made) and a stray file.
  fs::create_directory(base_ + "/server-nolock");
  Write(base_ + "/stray", 7);

  WorkDirCleanup cleanup;
  auto next = WorkDir::Create(parent_, "server-", &cleanup);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(cleanup.folders, 3);
  EXPECT_EQ(cleanup.removed.bytes, 900 + 100 + 7);
  EXPECT_EQ(cleanup.removed.files, 4);  // two staged files, the dead folder's .lock, the stray
  EXPECT_TRUE(cleanup.problems.empty());
  const std::set<std::string> want = {".lock", fs::path((*live)->path()).filename().string(),
                                      fs::path((*next)->path()).filename().string()};
  EXPECT_EQ(Entries(base_), want);
  EXPECT_TRUE(fs::exists((*live)->path() + "/running.tar.gz"));
}

TEST_F(WorkDirTest, RefusesASymlinkInPlaceOfItsFolder) {
  const std::string elsewhere = parent_ + "/elsewhere";
  ASSERT_TRUE(fs::create_directory(elsewhere));
  fs::permissions(elsewhere, fs::perms::owner_all);
  fs::create_directory_symlink(elsewhere, base_);
  auto dir = WorkDir::Create(parent_, "server-", nullptr);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(dir.status().message().find(base_ + " is a symbolic link"), std::string::npos)
      << dir.status().ToString();
  EXPECT_TRUE(Entries(elsewhere).empty());
}

TEST_F(WorkDirTest, RefusesAFolderOthersCanEnter) {
  ASSERT_EQ(::mkdir(base_.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(base_.c_str(), 0755), 0);
  auto dir = WorkDir::Create(parent_, "server-", nullptr);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(dir.status().message().find(base_ + " has mode 0755, not 0700"), std::string::npos)
      << dir.status().ToString();
}

TEST_F(WorkDirTest, RefusesAFolderOfAnotherUser) {
  // Root gives a fresh folder to "nobody"; anyone else finds one that root owns: "/".
  const bool root = ::geteuid() == 0;
  if (root) {
    ASSERT_EQ(::mkdir(base_.c_str(), 0700), 0);
    ASSERT_EQ(::chown(base_.c_str(), 65534, 65534), 0);
    auto dir = WorkDir::Create(parent_, "server-", nullptr);
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.status().code(), Code::kFailedPrecondition);
    EXPECT_NE(dir.status().message().find(base_ + " is owned by uid 65534, not by this user"),
              std::string::npos)
        << dir.status().ToString();
  } else {
    Status checked = CheckPrivateDir("/");
    EXPECT_EQ(checked.code(), Code::kFailedPrecondition);
    EXPECT_NE(checked.message().find("/ is owned by uid 0, not by this user"), std::string::npos)
        << checked.ToString();
  }
}

TEST_F(WorkDirTest, RefusesAFileInPlaceOfItsFolder) {
  Write(base_, 1);
  auto dir = WorkDir::Create(parent_, "server-", nullptr);
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.status().message().find(base_ + " is not a directory"), std::string::npos)
      << dir.status().ToString();
}

TEST_F(WorkDirTest, AMissingParentIsNotFound) {
  auto dir = WorkDir::Create(parent_ + "/missing", "server-", nullptr);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().code(), Code::kNotFound);
  EXPECT_NE(dir.status().message().find(parent_ + "/missing does not exist"), std::string::npos)
      << dir.status().ToString();
}

}  // namespace
}  // namespace ark
