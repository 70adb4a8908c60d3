#pragma once

#include <string>

#include "cloud/provider_registry.h"
#include "util/result.h"

namespace ark::cloud::aws {

// An AWS access key. The secret and the token never appear in logs or error messages.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // "" for long-term keys
  // Where they came from, safe to print: "environment" or "/path/credentials [profile]".
  std::string source;
};

// Resolves credentials the way the AWS SDKs and CLI do, reading the environment only through
// env.getenv:
//   1. Config key `profile` set: that profile of the shared credentials file.
//   2. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN).
//   3. The shared credentials file, profile AWS_PROFILE or "default".
// The shared credentials file is Config `credentialsFile`, else AWS_SHARED_CREDENTIALS_FILE,
// else $HOME/.aws/credentials.
// Errors (InvalidArgument / NotFound / Unauthenticated) name the file, the profile and the
// missing key, never a secret, e.g.
//   aws credentials: profile "backup" not found in /credentials/cloud (profiles: default)
Result<Credentials> ResolveCredentials(const ProviderConfig& config, const ProviderEnv& env);

}  // namespace ark::cloud::aws
