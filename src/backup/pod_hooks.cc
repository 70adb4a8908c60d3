#include "backup/pod_hooks.h"

#include <string.h>

#include <algorithm>
#include <optional>

#include "util/duration.h"

namespace ark::backup {
namespace {

using nlohmann::json;

constexpr std::string_view kAnnotationDomain = "hook.backup.ark.heptio.com";

const json& Member(const json& obj, const char* key) {
  static const json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

std::string Annotation(const json& annotations, const std::string& key) {
  const json& v = Member(annotations, key.c_str());
  return v.is_string() ? v.get<std::string>() : "";
}

std::vector<std::string> CommandFromAnnotation(const std::string& value) {
  if (value[0] == '[') {
    json parsed = json::parse(value, nullptr, false);
    if (parsed.is_array()) {
      std::vector<std::string> out;
      bool strings = true;
      for (const json& a : parsed) {
        if (!a.is_string()) strings = false;
        if (strings) out.push_back(a.get<std::string>());
      }
      if (strings) return out;
    }
  }
  return {value};
}

// The hook the annotations with `prefix` ("pre.", "post." or "") state, if they state one.
std::optional<PodHook> FromAnnotations(const json& annotations, const std::string& prefix) {
  const std::string base = prefix + std::string(kAnnotationDomain) + "/";
  const std::string command = Annotation(annotations, base + "command");
  if (command.empty()) return std::nullopt;
  PodHook hook;
  hook.source = HookSource::kAnnotation;
  hook.command = CommandFromAnnotation(command);
  hook.container = Annotation(annotations, base + "container");
  hook.continue_on_error = Annotation(annotations, base + "on-error") == "Continue";
  const std::string timeout = Annotation(annotations, base + "timeout");
  if (!timeout.empty()) {
    auto parsed = ParseDuration(timeout);
    if (parsed.ok() && parsed->count() > 0) {
      hook.timeout = *parsed;
    } else {
      hook.warning = "annotation " + base +
                     "timeout: " + (parsed.ok() ? "not positive" : parsed.status().message()) +
                     "; using the default " + FormatDuration(kDefaultHookTimeout);
    }
  }
  return hook;
}

PodHook FromSpec(const ExecHookSpec& spec, const std::string& entry) {
  PodHook hook;
  hook.source = HookSource::kBackupSpec;
  hook.spec_name = entry;
  hook.container = spec.container;
  hook.command = spec.command;
  hook.continue_on_error = spec.on_error == "Continue";
  if (spec.timeout.count() > 0) hook.timeout = spec.timeout;
  return hook;
}

// Fills the container (the first one when none is named) or the error.
void ResolveContainer(const json& pod, PodHook* hook) {
  const json& containers = Member(Member(pod, "spec"), "containers");
  std::vector<std::string> names;
  if (containers.is_array()) {
    for (const json& c : containers) {
      const json& n = Member(c, "name");
      if (n.is_string()) names.push_back(n.get<std::string>());
    }
  }
  if (hook->command.empty()) {
    hook->error = "the hook has no command";
  } else if (hook->container.empty()) {
    if (names.empty()) {
      hook->error = "the pod has no containers";
    } else {
      hook->container = names[0];
    }
  } else if (std::find(names.begin(), names.end(), hook->container) == names.end()) {
    hook->error = "container \"" + hook->container + "\" not found in pod";
  }
}

}  // namespace

std::string_view HookPhaseName(HookPhase phase) {
  return phase == HookPhase::kPre ? "pre" : "post";
}

std::string_view HookSourceName(HookSource source) {
  return source == HookSource::kAnnotation ? "annotation" : "backupSpec";
}

Result<HookResolver> HookResolver::New(
    const std::vector<ResourceHookSpec>& specs,
    const std::function<std::string(const std::string&)>& resolve_resource) {
  HookResolver r;
  for (const ResourceHookSpec& s : specs) {
    Entry e;
    e.name = s.name;
    e.namespaces = IncludesExcludes(s.included_namespaces, s.excluded_namespaces);
    std::vector<std::string> included, excluded;
    for (const std::string& n : s.included_resources) included.push_back(resolve_resource(n));
    for (const std::string& n : s.excluded_resources) excluded.push_back(resolve_resource(n));
    e.resources = IncludesExcludes(included, excluded);
    auto selector = kube::LabelSelector::FromJson(s.label_selector);
    if (!selector.ok()) {
      return InvalidArgument("hooks.resources \"" + s.name +
                             "\": invalid label selector: " + selector.status().message());
    }
    e.selector = std::move(*selector);
    e.pre = s.pre;
    e.post = s.post;
    r.entries_.push_back(std::move(e));
  }
  return r;
}

bool HookResolver::MayHaveHooks(std::string_view ns, std::string_view pod_text) const {
  for (const Entry& e : entries_) {
    if (e.namespaces.ShouldInclude(ns) && e.resources.ShouldInclude("pods")) return true;
  }
  // memmem, not string_view::find: find stops at every 'h' of the text to compare.
  return ::memmem(pod_text.data(), pod_text.size(), kAnnotationDomain.data(),
                  kAnnotationDomain.size()) != nullptr;
}

std::vector<PodHook> HookResolver::Resolve(const json& pod, HookPhase phase) const {
  std::vector<PodHook> hooks;
  const json& metadata = Member(pod, "metadata");
  const json& annotations = Member(metadata, "annotations");
  std::optional<PodHook> annotated =
      FromAnnotations(annotations, phase == HookPhase::kPre ? "pre." : "post.");
  if (!annotated && phase == HookPhase::kPre) annotated = FromAnnotations(annotations, "");
  if (annotated) {
    annotated->phase = phase;
    ResolveContainer(pod, &*annotated);
    hooks.push_back(std::move(*annotated));
    return hooks;
  }
  const json& ns = Member(metadata, "namespace");
  const std::string_view pod_ns =
      ns.is_string() ? std::string_view(ns.get_ref<const std::string&>()) : std::string_view();
  const json& labels = Member(metadata, "labels");
  for (const Entry& e : entries_) {
    if (!e.namespaces.ShouldInclude(pod_ns) || !e.resources.ShouldInclude("pods") ||
        !e.selector.Matches(labels)) {
      continue;
    }
    for (const ExecHookSpec& spec : phase == HookPhase::kPre ? e.pre : e.post) {
      PodHook hook = FromSpec(spec, e.name);
      hook.phase = phase;
      ResolveContainer(pod, &hook);
      hooks.push_back(std::move(hook));
    }
  }
  return hooks;
}

}  // namespace ark::backup
