#include "cli/config_warning.h"

#include "api/config.h"
#include "api/resources.h"
#include "util/json_access.h"

namespace ark::cli {

using nlohmann::json;

namespace {

// The server's verdict on this version of the Config: "" = none (not judged yet, or judged an
// older generation), else the phase, with the message in *message.
std::string ServerVerdict(const json& config, std::string* message) {
  const json& status = Obj(config, "status");
  const json& meta = Obj(config, "metadata");
  auto observed = status.find("observedGeneration");
  auto generation = meta.find("generation");
  if (observed == status.end() || generation == meta.end() || *observed != *generation) return "";
  *message = Str(status, "message");
  return Str(status, "phase");
}

}  // namespace

std::string WhyRequestWillNotRun(const json* config, const std::string& ns,
                                 const std::string& what) {
  if (config == nullptr) {
    return "Config \"default\" not found in namespace \"" + ns +
           "\": the ark server waits for it, so this " + what + " will not run until it exists.";
  }
  const std::string until = ". This " + what + " will not run until the Config is fixed.";
  std::string message;
  const std::string verdict = ServerVerdict(*config, &message);
  if (verdict == api::kConfigInvalid) {
    return "the ark server found Config \"default\" invalid: " + message + until;
  }
  auto parsed = api::ParseServerConfig(*config);
  if (verdict.empty() && !parsed.ok()) {
    return "Config \"default\" is invalid: " + parsed.status().message() + until;
  }
  if (parsed.ok() && parsed->restore_only_mode && what != "restore") {
    return "the ark server runs in restore-only mode (Config \"default\" has restoreOnlyMode: "
           "true): this " +
           what + " will not run until restoreOnlyMode is false.";
  }
  return "";
}

void WarnIfRequestWillNotRun(Session& s, const std::string& what) {
  auto client = s.Client();
  if (!client.ok()) return;
  auto config = (*client)->Get(api::ConfigsGvr(), s.ns(), "default");
  std::string why;
  if (config.ok()) {
    why = WhyRequestWillNotRun(&*config, s.ns(), what);
  } else if (config.status().code() == Code::kNotFound) {
    why = WhyRequestWillNotRun(nullptr, s.ns(), what);
  }
  if (!why.empty()) s.err() << "Warning: " << why << "\n" << std::flush;
}

}  // namespace ark::cli
