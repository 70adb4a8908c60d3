// Credential resolution: environment, shared credentials file, profiles, and the errors.
#include "cloud/aws/credentials.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "support/process.h"

namespace ark::cloud::aws {
namespace {

using ark::testing::TempDir;
using ark::testing::WriteFile;

constexpr const char* kFile = R"(# written by hand
[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = default-secret-value

; another profile
[backup]
AWS_ACCESS_KEY_ID=AKIABACKUP
aws_secret_access_key=backup-secret-value
aws_session_token = backup-session-token

[broken]
aws_access_key_id = AKIABROKEN
)";

struct Case {
  std::string name;
  std::map<std::string, std::string> env;  // "$DIR" is replaced by the temp dir
  ProviderConfig config;
  // Expected result: key id, session token and source, or an error code and message parts.
  std::string key_id;
  std::string token;
  std::string source;
  Code error = Code::kOk;
  std::vector<std::string> message_has;
};

class CredentialsTest : public ::testing::TestWithParam<Case> {};

TEST_P(CredentialsTest, Resolves) {
  const Case& c = GetParam();
  TempDir dir;
  WriteFile(dir.File("credentials"), kFile);
  WriteFile(dir.File("malformed"), "[default]\naws_access_key_id AKIA-no-equals-sign-secretish\n");
  std::filesystem::create_directories(dir.path() + "/home/.aws");
  WriteFile(dir.path() + "/home/.aws/credentials", kFile);
  auto expand = [&](std::string s) {
    auto pos = s.find("$DIR");
    if (pos != std::string::npos) s.replace(pos, 4, dir.path());
    return s;
  };
  std::map<std::string, std::string> env;
  for (const auto& [k, v] : c.env) env[k] = expand(v);
  ProviderConfig config;
  for (const auto& [k, v] : c.config) config[k] = expand(v);
  ProviderEnv penv;
  penv.getenv = [&](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  };

  auto creds = ResolveCredentials(config, penv);
  if (c.error == Code::kOk) {
    ASSERT_TRUE(creds.ok()) << creds.status().ToString();
    EXPECT_EQ(creds->access_key_id, c.key_id);
    EXPECT_FALSE(creds->secret_access_key.empty());
    EXPECT_EQ(creds->session_token, c.token);
    EXPECT_EQ(creds->source, expand(c.source));
    return;
  }
  ASSERT_FALSE(creds.ok());
  const std::string text = creds.status().ToString();
  EXPECT_EQ(creds.status().code(), c.error) << text;
  for (const auto& part : c.message_has)
    EXPECT_NE(text.find(expand(part)), std::string::npos) << text;
  for (const char* secret : {"default-secret-value", "backup-secret-value", "secretish",
                             "env-secret", "backup-session-token"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "secret in: " << text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, CredentialsTest,
    ::testing::Values(
        Case{"environment",
             {{"AWS_ACCESS_KEY_ID", "AKIAENV"},
              {"AWS_SECRET_ACCESS_KEY", "env-secret"},
              {"AWS_SESSION_TOKEN", "tok"},
              {"HOME", "$DIR/home"}},
             {},
             "AKIAENV",
             "tok",
             "environment",
             Code::kOk,
             {}},
        Case{"home_default_profile",
             {{"HOME", "$DIR/home"}},
             {},
             "AKIADEFAULT",
             "",
             "$DIR/home/.aws/credentials [default]",
             Code::kOk,
             {}},
        Case{"shared_file_variable",
             {{"AWS_SHARED_CREDENTIALS_FILE", "$DIR/credentials"}},
             {},
             "AKIADEFAULT",
             "",
             "$DIR/credentials [default]",
             Code::kOk,
             {}},
        Case{"aws_profile_variable",
             {{"AWS_SHARED_CREDENTIALS_FILE", "$DIR/credentials"}, {"AWS_PROFILE", "backup"}},
             {},
             "AKIABACKUP",
             "backup-session-token",
             "$DIR/credentials [backup]",
             Code::kOk,
             {}},
        Case{"config_profile_beats_environment_keys",
             {{"AWS_SHARED_CREDENTIALS_FILE", "$DIR/credentials"},
              {"AWS_ACCESS_KEY_ID", "AKIAENV"},
              {"AWS_SECRET_ACCESS_KEY", "env-secret"}},
             {{"profile", "backup"}},
             "AKIABACKUP",
             "backup-session-token",
             "$DIR/credentials [backup]",
             Code::kOk,
             {}},
        Case{"environment_keys_beat_the_file",
             {{"AWS_SHARED_CREDENTIALS_FILE", "$DIR/credentials"},
              {"AWS_ACCESS_KEY_ID", "AKIAENV"},
              {"AWS_SECRET_ACCESS_KEY", "env-secret"}},
             {},
             "AKIAENV",
             "",
             "environment",
             Code::kOk,
             {}},
        Case{"config_credentials_file",
             {{"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"}},
             {{"credentialsFile", "$DIR/credentials"}},
             "AKIADEFAULT",
             "",
             "$DIR/credentials [default]",
             Code::kOk,
             {}},
        Case{"missing_profile_names_file_and_profiles",
             {{"AWS_SHARED_CREDENTIALS_FILE", "$DIR/credentials"}, {"AWS_PROFILE", "prod"}},
             {},
             "",
             "",
             "",
             Code::kNotFound,
             {"profile \"prod\"", "$DIR/credentials", "backup, broken, default"}},
        Case{"profile_without_secret",
             {{"AWS_SHARED_CREDENTIALS_FILE", "$DIR/credentials"}},
             {{"profile", "broken"}},
             "",
             "",
             "",
             Code::kInvalidArgument,
             {"profile \"broken\"", "$DIR/credentials", "aws_secret_access_key"}},
        Case{"missing_file",
             {{"AWS_SHARED_CREDENTIALS_FILE", "$DIR/nope"}},
             {},
             "",
             "",
             "",
             Code::kNotFound,
             {"$DIR/nope", "\"default\""}},
        Case{"nothing_anywhere",
             {{"HOME", "$DIR/empty-home"}},
             {},
             "",
             "",
             "",
             Code::kNotFound,
             {"$DIR/empty-home/.aws/credentials", "AWS_ACCESS_KEY_ID"}},
        Case{"key_id_without_secret",
             {{"AWS_ACCESS_KEY_ID", "AKIAENV"}},
             {},
             "",
             "",
             "",
             Code::kInvalidArgument,
             {"AWS_SECRET_ACCESS_KEY"}},
        Case{"secret_without_key_id",
             {{"AWS_SECRET_ACCESS_KEY", "env-secret"}},
             {},
             "",
             "",
             "",
             Code::kInvalidArgument,
             {"AWS_ACCESS_KEY_ID"}},
        Case{"malformed_file_names_line_not_content",
             {{"AWS_SHARED_CREDENTIALS_FILE", "$DIR/malformed"}},
             {},
             "",
             "",
             "",
             Code::kInvalidArgument,
             {"$DIR/malformed line 2"}}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ark::cloud::aws
