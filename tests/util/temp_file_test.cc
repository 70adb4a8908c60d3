#include "util/temp_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <utility>

namespace ark {
namespace {

TEST(TempFile, CreatesAUniqueFileAndRemovesItOnce) {
  std::string first_path, second_path;
  {
    Result<TempFile> first = TempFile::Create("ark-temp-test-");
    Result<TempFile> second = TempFile::Create("ark-temp-test-");
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

TEST(TempFile, AnUnwritableDirectoryIsAnError) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent-dir-for-ark", 1);
  Result<TempFile> file = TempFile::Create("x-");
  if (saved.empty()) {
    unsetenv("TMPDIR");
  } else {
    setenv("TMPDIR", saved.c_str(), 1);
  }
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("/nonexistent-dir-for-ark/x-"), std::string::npos)
      << file.status().ToString();
}

}  // namespace
}  // namespace ark
