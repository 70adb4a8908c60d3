#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kube/label_selector.h"
#include "util/includes_excludes.h"
#include "util/result.h"

namespace ark::backup {

// An exec hook as a Backup spec states it ({exec: {container, command, onError, timeout}}).
struct ExecHookSpec {
  std::string container;  // "" = the pod's first container
  std::vector<std::string> command;
  std::string on_error;                 // "Continue" or "Fail"; "" = Fail
  std::chrono::nanoseconds timeout{0};  // 0 = 30s
};

// One hooks.resources[] entry: which pods, and their hooks. `pre` holds the v0.5 `hooks`
// list followed by the v0.7 `pre` list.
struct ResourceHookSpec {
  std::string name;
  std::vector<std::string> included_namespaces;
  std::vector<std::string> excluded_namespaces;
  std::vector<std::string> included_resources;  // user-entered names ("pods", "po", "*")
  std::vector<std::string> excluded_resources;
  nlohmann::json label_selector;  // metav1.LabelSelector; null = every pod
  std::vector<ExecHookSpec> pre;
  std::vector<ExecHookSpec> post;
};

enum class HookPhase { kPre, kPost };
enum class HookSource { kAnnotation, kBackupSpec };
std::string_view HookPhaseName(HookPhase phase);     // "pre", "post"
std::string_view HookSourceName(HookSource source);  // "annotation", "backupSpec"

inline constexpr std::chrono::seconds kDefaultHookTimeout{30};

// A hook to run in one pod, its defaults applied.
struct PodHook {
  HookSource source = HookSource::kAnnotation;
  HookPhase phase = HookPhase::kPre;
  std::string spec_name;  // the hooks.resources[] entry's name; "" for annotations
  std::string container;  // resolved (the first container when none was named)
  std::vector<std::string> command;
  bool continue_on_error = false;  // onError: Continue
  std::chrono::nanoseconds timeout = kDefaultHookTimeout;
  // Why the hook cannot run ("container \"x\" not found in pod"); it then fails as if it
  // had run and failed, following continue_on_error.
  std::string error;
  // A problem that did not stop the hook (an unparsable timeout annotation).
  std::string warning;
};

// Which hooks run for a pod, as Ark v0.5-v0.7 decides:
//  - annotations first, per phase: `pre.hook.backup.ark.heptio.com/{command,container,
//    on-error,timeout}` (pre), then for pre only the unprefixed v0.5 keys
//    `hook.backup.ark.heptio.com/...`; `post.hook.backup.ark.heptio.com/...` (post). A command
//    that starts with '[' is a JSON array of arguments (a plain string when it does not
//    parse); otherwise the whole value is one argument. An annotation hook replaces every
//    spec hook of its phase;
//  - otherwise every hooks.resources[] entry whose namespaces, resources (matched against
//    "pods") and label selector take the pod contributes its hooks, in spec order.
// Immutable once built; safe to share between threads.
class HookResolver {
 public:
  HookResolver() = default;  // no spec hooks: annotations only
  // `resolve_resource` turns a user-entered resource name into its group-resource ("po" ->
  // "pods"); "*" is passed through. InvalidArgument for a label selector that does not parse,
  // naming the entry.
  static Result<HookResolver> New(
      const std::vector<ResourceHookSpec>& specs,
      const std::function<std::string(const std::string&)>& resolve_resource);

  // Cheap pre-check on a pod's JSON text (or its metadata's) in namespace `ns`: false when the
  // pod certainly has no hooks (no spec entry can apply to the namespace and the text never
  // mentions hook.backup.ark.heptio.com), so the pod need not be parsed.
  bool MayHaveHooks(std::string_view ns, std::string_view pod_text) const;

  // The hooks of `phase` for `pod` (a Pod object) in run order.
  std::vector<PodHook> Resolve(const nlohmann::json& pod, HookPhase phase) const;

 private:
  struct Entry {
    std::string name;
    IncludesExcludes namespaces;
    IncludesExcludes resources;
    kube::LabelSelector selector;
    std::vector<ExecHookSpec> pre;
    std::vector<ExecHookSpec> post;
  };
  std::vector<Entry> entries_;
};

}  // namespace ark::backup
