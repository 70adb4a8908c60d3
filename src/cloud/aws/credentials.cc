#include "cloud/aws/credentials.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "util/ascii.h"

namespace ark::cloud::aws {
namespace {

using Profiles = std::map<std::string, std::map<std::string, std::string>>;

std::string Get(const ProviderEnv& env, std::string_view name) {
  if (!env.getenv) return "";
  return env.getenv(name).value_or("");
}

// Parses the INI text of a shared credentials file. Error messages carry line numbers, never
// line contents (they may hold secrets).
Result<Profiles> ParseCredentialsFile(const std::string& path, const std::string& text) {
  Profiles profiles;
  std::string section;
  std::istringstream in(text);
  std::string raw;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    std::string line = TrimAsciiSpace(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') {
        return InvalidArgument("aws credentials file " + path + " line " + std::to_string(line_no) +
                               ": section header without ']'");
      }
      section = TrimAsciiSpace(std::string_view(line).substr(1, line.size() - 2));
      profiles[section];
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos) {
      return InvalidArgument("aws credentials file " + path + " line " + std::to_string(line_no) +
                             ": expected \"key = value\"");
    }
    if (section.empty()) {
      return InvalidArgument("aws credentials file " + path + " line " + std::to_string(line_no) +
                             ": setting outside any [profile] section");
    }
    profiles[section][AsciiLower(TrimAsciiSpace(std::string_view(line).substr(0, eq)))] =
        TrimAsciiSpace(std::string_view(line).substr(eq + 1));
  }
  return profiles;
}

Result<Credentials> FromFile(const std::string& path, const std::string& profile,
                             bool file_named_explicitly) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::string why = file_named_explicitly ? "cannot read the credentials file "
                                            : "no credentials found: cannot read ";
    return NotFound("aws credentials: " + why + path + " (profile \"" + profile +
                    "\"); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
                    "AWS_SHARED_CREDENTIALS_FILE");
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  ARK_ASSIGN_OR_RETURN(Profiles profiles, ParseCredentialsFile(path, buffer.str()));
  auto it = profiles.find(profile);
  if (it == profiles.end()) {
    std::string known;
    for (const auto& [name, values] : profiles) known += (known.empty() ? "" : ", ") + name;
    return NotFound("aws credentials: profile \"" + profile + "\" not found in " + path +
                    " (profiles: " + (known.empty() ? "none" : known) + ")");
  }
  const auto& values = it->second;
  auto value = [&](const char* key) {
    auto v = values.find(key);
    return v == values.end() ? std::string() : v->second;
  };
  Credentials creds;
  creds.access_key_id = value("aws_access_key_id");
  creds.secret_access_key = value("aws_secret_access_key");
  creds.session_token = value("aws_session_token");
  creds.source = path + " [" + profile + "]";
  for (const auto& [key, got] :
       {std::pair<const char*, const std::string*>{"aws_access_key_id", &creds.access_key_id},
        {"aws_secret_access_key", &creds.secret_access_key}}) {
    if (got->empty()) {
      return InvalidArgument("aws credentials: profile \"" + profile + "\" in " + path +
                             " has no " + key);
    }
  }
  return creds;
}

}  // namespace

Result<Credentials> ResolveCredentials(const ProviderConfig& config, const ProviderEnv& env) {
  std::string path;
  bool explicit_file = true;
  if (auto it = config.find("credentialsFile"); it != config.end() && !it->second.empty()) {
    path = it->second;
  } else if (std::string f = Get(env, "AWS_SHARED_CREDENTIALS_FILE"); !f.empty()) {
    path = f;
  } else {
    explicit_file = false;
    std::string home = Get(env, "HOME");
    path = (home.empty() ? std::string("~") : home) + "/.aws/credentials";
  }

  if (auto it = config.find("profile"); it != config.end() && !it->second.empty()) {
    return FromFile(path, it->second, true);
  }

  std::string key_id = Get(env, "AWS_ACCESS_KEY_ID");
  std::string secret = Get(env, "AWS_SECRET_ACCESS_KEY");
  if (!key_id.empty() || !secret.empty()) {
    if (key_id.empty()) {
      return InvalidArgument(
          "aws credentials: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
    }
    if (secret.empty()) {
      return InvalidArgument(
          "aws credentials: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    }
    return Credentials{key_id, secret, Get(env, "AWS_SESSION_TOKEN"), "environment"};
  }

  std::string profile = Get(env, "AWS_PROFILE");
  if (profile.empty()) profile = "default";
  return FromFile(path, profile, explicit_file);
}

}  // namespace ark::cloud::aws
