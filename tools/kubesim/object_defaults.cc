#include "kubesim/object_defaults.h"

#include <cstdlib>

#include "kubesim/pod_defaults.h"
#include "util/base64.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

bool Is(const ResourceInfo& r, const char* group, const char* name) {
  return r.group == group && r.name == name;
}

void SetIfAbsent(json& obj, const char* key, const json& value) {
  if (!obj.contains(key) || obj[key].is_null()) obj[key] = value;
}

// obj[key], made an empty object first when it is absent or not an object.
json& ObjectMember(json& obj, const char* key) {
  if (!obj.contains(key) || !obj[key].is_object()) obj[key] = json::object();
  return obj[key];
}

json& Spec(json& obj) { return ObjectMember(obj, "spec"); }

void DefaultTemplateIn(json& spec) { DefaultPodTemplate(ObjectMember(spec, "template")); }

void DefaultDeployment(json& spec) {
  SetIfAbsent(spec, "replicas", 1);
  json& strategy = ObjectMember(spec, "strategy");
  SetIfAbsent(strategy, "type", "RollingUpdate");
  if (strategy["type"] == "RollingUpdate") {
    json& rolling = ObjectMember(strategy, "rollingUpdate");
    SetIfAbsent(rolling, "maxUnavailable", "25%");
    SetIfAbsent(rolling, "maxSurge", "25%");
  }
  SetIfAbsent(spec, "revisionHistoryLimit", 10);
  SetIfAbsent(spec, "progressDeadlineSeconds", 600);
  DefaultTemplateIn(spec);
}

void DefaultStatefulSet(json& spec) {
  SetIfAbsent(spec, "replicas", 1);
  SetIfAbsent(spec, "podManagementPolicy", "OrderedReady");
  json& strategy = ObjectMember(spec, "updateStrategy");
  SetIfAbsent(strategy, "type", "RollingUpdate");
  if (strategy["type"] == "RollingUpdate") {
    json& rolling = ObjectMember(strategy, "rollingUpdate");
    SetIfAbsent(rolling, "partition", 0);
  }
  SetIfAbsent(spec, "revisionHistoryLimit", 10);
  DefaultTemplateIn(spec);
}

void DefaultDaemonSet(json& spec) {
  json& strategy = ObjectMember(spec, "updateStrategy");
  SetIfAbsent(strategy, "type", "RollingUpdate");
  if (strategy["type"] == "RollingUpdate") {
    json& rolling = ObjectMember(strategy, "rollingUpdate");
    SetIfAbsent(rolling, "maxUnavailable", 1);
    SetIfAbsent(rolling, "maxSurge", 0);
  }
  SetIfAbsent(spec, "revisionHistoryLimit", 10);
  DefaultTemplateIn(spec);
}

// DaemonSets count their template changes in the annotation
// deprecated.daemonset.template.generation: 1 on create, +1 for each template change.
void SetTemplateGeneration(json& ds, const json* old) {
  constexpr const char* kKey = "deprecated.daemonset.template.generation";
  int64_t generation = 1;
  if (old != nullptr) {
    const json old_annotations = old->at("metadata").value("annotations", json::object());
    const std::string text = old_annotations.is_object() ? old_annotations.value(kKey, "1") : "1";
    generation = std::strtoll(text.c_str(), nullptr, 10);
    if (old->value("spec", json::object()).value("template", json()) != ds["spec"]["template"]) {
      ++generation;
    }
  }
  ds["metadata"]["annotations"][kKey] = std::to_string(generation);
}

void DefaultJobSpec(json& spec) {
  if (!spec.contains("completions") && !spec.contains("parallelism")) spec["completions"] = 1;
  SetIfAbsent(spec, "parallelism", 1);
  SetIfAbsent(spec, "backoffLimit", 6);
  SetIfAbsent(spec, "completionMode", "NonIndexed");
  SetIfAbsent(spec, "suspend", false);
  DefaultTemplateIn(spec);
}

// The Job strategy's generateSelector: pods of this Job only, by its uid.
void GenerateJobSelector(json& job) {
  json& spec = job["spec"];
  if (spec.value("manualSelector", false)) return;
  const std::string uid = job["metadata"].value("uid", "");
  json& labels = spec["template"]["metadata"]["labels"];
  if (!labels.is_object()) labels = json::object();
  if (!labels.contains("job-name")) labels["job-name"] = job["metadata"].value("name", "");
  if (!labels.contains("controller-uid")) labels["controller-uid"] = uid;
  json& match = ObjectMember(ObjectMember(spec, "selector"), "matchLabels");
  if (!match.contains("controller-uid")) match["controller-uid"] = uid;
}

bool HasLabels(const json& obj) {
  const json labels = obj["metadata"].value("labels", json());
  return labels.is_object() && !labels.empty();
}

// A Job without labels takes its template's. (On create the real server's defaulting shares
// the template's label map with the Job, so the generated selector labels end up on both.)
void CopyTemplateLabels(json& job) {
  const json template_labels = job["spec"]["template"]["metadata"].value("labels", json());
  if (template_labels.is_object() && !template_labels.empty()) {
    job["metadata"]["labels"] = template_labels;
  }
}

void DefaultJob(json& job, bool created) {
  DefaultJobSpec(Spec(job));
  const bool had_labels = HasLabels(job);
  if (created) {
    GenerateJobSelector(job);
    job["metadata"]["annotations"]["batch.kubernetes.io/job-tracking"] = "";
  }
  if (!had_labels) CopyTemplateLabels(job);
}

void DefaultCronJob(json& spec) {
  SetIfAbsent(spec, "concurrencyPolicy", "Allow");
  SetIfAbsent(spec, "suspend", false);
  SetIfAbsent(spec, "successfulJobsHistoryLimit", 3);
  SetIfAbsent(spec, "failedJobsHistoryLimit", 1);
  json& job_template = ObjectMember(spec, "jobTemplate");
  ObjectMember(job_template, "metadata")["creationTimestamp"] = nullptr;
  json& job_spec = ObjectMember(job_template, "spec");
  // A CronJob's job template gets the pod template defaults but not the Job's own.
  DefaultTemplateIn(job_spec);
}

void DefaultSecret(json& secret) {
  SetIfAbsent(secret, "type", "Opaque");
  if (!secret.contains("stringData")) return;
  if (secret["stringData"].is_object()) {
    ObjectMember(secret, "data");
    for (auto it = secret["stringData"].begin(); it != secret["stringData"].end(); ++it) {
      if (it->is_string()) secret["data"][it.key()] = Base64Encode(it->get<std::string>());
    }
  }
  secret.erase("stringData");
}

}  // namespace

void DefaultObject(const ResourceInfo& r, json& obj, const json* old) {
  const bool created = old == nullptr;
  if (Is(r, "apps", "deployments")) {
    DefaultDeployment(Spec(obj));
    if (created) obj["status"] = json::object();
  } else if (Is(r, "apps", "replicasets")) {
    SetIfAbsent(Spec(obj), "replicas", 1);
    DefaultTemplateIn(Spec(obj));
    if (created) obj["status"] = {{"replicas", 0}};
  } else if (Is(r, "apps", "statefulsets")) {
    DefaultStatefulSet(Spec(obj));
    if (created) obj["status"] = {{"replicas", 0}, {"availableReplicas", 0}};
  } else if (Is(r, "apps", "daemonsets")) {
    DefaultDaemonSet(Spec(obj));
    SetTemplateGeneration(obj, old);
    if (created) {
      obj["status"] = {{"currentNumberScheduled", 0},
                       {"numberMisscheduled", 0},
                       {"desiredNumberScheduled", 0},
                       {"numberReady", 0}};
    }
  } else if (Is(r, "batch", "jobs")) {
    DefaultJob(obj, created);
    if (created) obj["status"] = json::object();
  } else if (Is(r, "batch", "cronjobs")) {
    DefaultCronJob(Spec(obj));
    if (created) obj["status"] = json::object();
  } else if (Is(r, "", "persistentvolumeclaims")) {
    SetIfAbsent(Spec(obj), "volumeMode", "Filesystem");
  } else if (Is(r, "", "persistentvolumes")) {
    SetIfAbsent(Spec(obj), "volumeMode", "Filesystem");
    SetIfAbsent(Spec(obj), "persistentVolumeReclaimPolicy", "Retain");
  } else if (Is(r, "", "secrets")) {
    DefaultSecret(obj);
  }
}

}  // namespace ark::kubesim
