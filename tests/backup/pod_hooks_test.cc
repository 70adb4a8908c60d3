// Which exec hooks run for a pod: annotations against the Backup spec, filters and defaults.
#include "backup/pod_hooks.h"

#include <gtest/gtest.h>

#include "api/backup.h"
#include "backup/request_from_backup.h"

namespace ark::backup {
namespace {

using nlohmann::json;
using std::chrono::seconds;

json Pod(const std::string& ns, json annotations = json::object(), json labels = json::object()) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata",
           {{"name", "p"}, {"namespace", ns}, {"annotations", annotations}, {"labels", labels}}},
          {"spec", {{"containers", {{{"name", "app"}}, {{"name", "side"}}}}}}};
}

// A Backup whose spec.hooks.resources is `hooks_json`.
json BackupWithHooks(const std::string& hooks_json) {
  return {{"spec", {{"hooks", {{"resources", json::parse(hooks_json)}}}}}};
}

// The engine's request for the Backup object `backup`, read as the server reads it.
Result<BackupRequest> RequestFromObject(const json& backup) {
  ARK_ASSIGN_OR_RETURN(api::Backup parsed, api::Backup::FromJson(backup));
  return RequestFromBackup(parsed);
}

// The hooks.resources of a Backup spec, read as the engine reads them.
std::vector<ResourceHookSpec> Specs(const std::string& hooks_json) {
  auto request = RequestFromObject(BackupWithHooks(hooks_json));
  EXPECT_TRUE(request.ok()) << request.status().ToString();
  return request.ok() ? request->hooks : std::vector<ResourceHookSpec>{};
}

HookResolver Resolver(const std::string& hooks_json = "[]") {
  auto r = HookResolver::New(Specs(hooks_json), [](const std::string& name) -> std::string {
    return name == "po" || name == "pod" ? "pods" : name;
  });
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : HookResolver();
}

// A hook as one comparable line.
std::string Show(const PodHook& h) {
  std::string cmd;
  for (const std::string& a : h.command) cmd += "<" + a + ">";
  return std::string(HookSourceName(h.source)) + " " + std::string(HookPhaseName(h.phase)) + " " +
         h.spec_name + " [" + h.container + "] " + cmd +
         (h.continue_on_error ? " Continue " : " Fail ") +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(h.timeout).count()) +
         "ms" + (h.error.empty() ? "" : " error=" + h.error) +
         (h.warning.empty() ? "" : " warning");
}

std::vector<std::string> ShowAll(const HookResolver& r, const json& pod, HookPhase phase) {
  std::vector<std::string> out;
  for (const PodHook& h : r.Resolve(pod, phase)) out.push_back(Show(h));
  return out;
}

constexpr const char* kCmd = "hook.backup.ark.heptio.com/command";

struct AnnotationCase {
  std::string name;
  json annotations;
  std::vector<std::string> pre;
  std::vector<std::string> post;
};

TEST(PodHooks, FromAnnotations) {
  const std::vector<AnnotationCase> cases = {
      {"plain command is one argument; defaults: first container, Fail, 30s",
       {{kCmd, "/sbin/fsfreeze --freeze /data"}},
       {"annotation pre  [app] </sbin/fsfreeze --freeze /data> Fail 30000ms"},
       {}},
      {"JSON array command, every field set",
       {{kCmd, R"(["sh","-c","echo hi"])"},
        {"hook.backup.ark.heptio.com/container", "side"},
        {"hook.backup.ark.heptio.com/on-error", "Continue"},
        {"hook.backup.ark.heptio.com/timeout", "1m30s"}},
       {"annotation pre  [side] <sh><-c><echo hi> Continue 90000ms"},
       {}},
      {"a '[' value that is not a JSON array of strings stays one argument",
       {{kCmd, "[not json"}},
       {"annotation pre  [app] <[not json> Fail 30000ms"},
       {}},
      {"v0.7 pre. and post. prefixes; pre. wins over the unprefixed keys",
       {{kCmd, "old"},
        {std::string("pre.") + kCmd, "freeze"},
        {"pre.hook.backup.ark.heptio.com/on-error", "Continue"},
        {std::string("post.") + kCmd, R"(["thaw","now"])"},
        {"post.hook.backup.ark.heptio.com/timeout", "5s"}},
       {"annotation pre  [app] <freeze> Continue 30000ms"},
       {"annotation post  [app] <thaw><now> Fail 5000ms"}},
      {"unknown on-error value is Fail; a bad timeout keeps the default with a warning",
       {{kCmd, "x"},
        {"hook.backup.ark.heptio.com/on-error", "Ignore"},
        {"hook.backup.ark.heptio.com/timeout", "ten seconds"}},
       {"annotation pre  [app] <x> Fail 30000ms warning"},
       {}},
      {"a named container the pod does not have is an error for the hook",
       {{kCmd, "x"}, {"hook.backup.ark.heptio.com/container", "ghost"}},
       {"annotation pre  [ghost] <x> Fail 30000ms error=container \"ghost\" not found in pod"},
       {}},
      {"no command: no hook", {{"hook.backup.ark.heptio.com/container", "app"}}, {}, {}},
  };
  const HookResolver resolver = Resolver();
  for (const AnnotationCase& c : cases) {
    SCOPED_TRACE(c.name);
    json pod = Pod("ns", c.annotations);
    EXPECT_EQ(ShowAll(resolver, pod, HookPhase::kPre), c.pre);
    EXPECT_EQ(ShowAll(resolver, pod, HookPhase::kPost), c.post);
  }
}

const char* const kSpecs = R"([
  {"name": "db", "includedNamespaces": ["prod", "stage"], "excludedNamespaces": ["stage"],
   "labelSelector": {"matchLabels": {"app": "db"}},
   "hooks": [{"exec": {"command": ["v05"]}}],
   "pre": [{"exec": {"container": "side", "command": ["pre"], "onError": "Continue", "timeout": "2s"}}],
   "post": [{"exec": {"command": ["post"]}}]},
  {"name": "pods-only", "includedResources": ["po"],
   "pre": [{"exec": {"command": ["everywhere"]}}]},
  {"name": "not-pods", "includedResources": ["configmaps"],
   "pre": [{"exec": {"command": ["never"]}}]},
  {"name": "excluded", "excludedResources": ["pods"],
   "pre": [{"exec": {"command": ["never"]}}]},
  {"name": "ghost", "includedNamespaces": ["ghost"],
   "pre": [{"exec": {"container": "nope", "command": ["x"]}}]}
])";

struct SpecCase {
  std::string name;
  json pod;
  std::vector<std::string> pre;
  std::vector<std::string> post;
};

TEST(PodHooks, FromTheBackupSpec) {
  const std::vector<SpecCase> cases = {
      {"every matching entry contributes, `hooks` before `pre`, in spec order",
       Pod("prod", json::object(), {{"app", "db"}}),
       {"backupSpec pre db [app] <v05> Fail 30000ms",
        "backupSpec pre db [side] <pre> Continue 2000ms",
        "backupSpec pre pods-only [app] <everywhere> Fail 30000ms"},
       {"backupSpec post db [app] <post> Fail 30000ms"}},
      {"label selector does not match",
       Pod("prod", json::object(), {{"app", "web"}}),
       {"backupSpec pre pods-only [app] <everywhere> Fail 30000ms"},
       {}},
      {"excluded namespace",
       Pod("stage", json::object(), {{"app", "db"}}),
       {"backupSpec pre pods-only [app] <everywhere> Fail 30000ms"},
       {}},
      {"a missing container is the hook's error",
       Pod("ghost"),
       {"backupSpec pre pods-only [app] <everywhere> Fail 30000ms",
        "backupSpec pre ghost [nope] <x> Fail 30000ms error=container \"nope\" not found in pod"},
       {}},
      {"an annotation replaces the spec hooks of its phase only",
       Pod("prod", {{std::string("pre.") + kCmd, "mine"}}, {{"app", "db"}}),
       {"annotation pre  [app] <mine> Fail 30000ms"},
       {"backupSpec post db [app] <post> Fail 30000ms"}},
  };
  const HookResolver resolver = Resolver(kSpecs);
  for (const SpecCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ShowAll(resolver, c.pod, HookPhase::kPre), c.pre);
    EXPECT_EQ(ShowAll(resolver, c.pod, HookPhase::kPost), c.post);
  }
}

TEST(PodHooks, CheapPreCheckSkipsPodsThatCannotHaveHooks) {
  const HookResolver none = Resolver();
  EXPECT_FALSE(none.MayHaveHooks("prod", R"({"metadata":{"name":"p"}})"));
  EXPECT_TRUE(none.MayHaveHooks(
      "prod", R"({"metadata":{"annotations":{"hook.backup.ark.heptio.com/command":"x"}}})"));
  EXPECT_TRUE(none.MayHaveHooks(
      "prod", R"({"metadata":{"annotations":{"post.hook.backup.ark.heptio.com/command":"x"}}})"));

  const HookResolver one_ns = Resolver(R"([{"name":"a","includedNamespaces":["prod"],
                                            "pre":[{"exec":{"command":["x"]}}]}])");
  EXPECT_TRUE(one_ns.MayHaveHooks("prod", "{}"));
  EXPECT_FALSE(one_ns.MayHaveHooks("dev", "{}"));
}

TEST(PodHooks, InvalidSpecs) {
  // A Backup's bad hook selector is refused where the spec is read, naming the field.
  auto bad_request = RequestFromObject(BackupWithHooks(
      R"([{"name":"a","labelSelector":{"matchExpressions":[{"key":"k","operator":"Huh"}]}}])"));
  ASSERT_FALSE(bad_request.ok());
  EXPECT_NE(bad_request.status().message().find(
                "spec.hooks.resources[0].labelSelector.matchExpressions[0].operator"),
            std::string::npos)
      << bad_request.status().ToString();
  // The resolver refuses one too, for entries built another way.
  ResourceHookSpec entry;
  entry.name = "a";
  entry.label_selector = json::parse(R"({"matchExpressions":[{"key":"k","operator":"Huh"}]})");
  auto bad_selector = HookResolver::New({entry}, [](const std::string& n) { return n; });
  ASSERT_FALSE(bad_selector.ok());
  EXPECT_NE(bad_selector.status().message().find("hooks.resources \"a\""), std::string::npos)
      << bad_selector.status().ToString();

  json backup = {
      {"spec", {{"hooks", {{"resources", {{{"pre", {{{"exec", {{"timeout", "1d"}}}}}}}}}}}}}};
  auto request = RequestFromObject(backup);
  ASSERT_FALSE(request.ok());
  EXPECT_NE(request.status().message().find("spec.hooks.resources[0].pre[0].exec.timeout"),
            std::string::npos)
      << request.status().ToString();
}

}  // namespace
}  // namespace ark::backup
