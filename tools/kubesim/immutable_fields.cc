#include "kubesim/immutable_fields.h"

#include <vector>

#include "kubesim/go_values.h"
#include "kubesim/quantity.h"

namespace ark::kubesim {

using nlohmann::json;

namespace {

bool Is(const ResourceInfo& r, const char* group, const char* name) {
  return r.group == group && r.name == name;
}

// The value with null members and empty objects/arrays removed, so that two values equal
// under the real server's semantic equality compare equal.
json Normalized(const json& v) {
  if (v.is_object()) {
    json out = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) {
      json n = Normalized(it.value());
      if (n.is_null() || ((n.is_object() || n.is_array()) && n.empty())) continue;
      out[it.key()] = std::move(n);
    }
    return out;
  }
  if (v.is_array()) {
    json out = json::array();
    for (const json& e : v) out.push_back(Normalized(e));
    return out;
  }
  return v;
}

bool Same(const json& a, const json& b) { return Normalized(a) == Normalized(b); }

// obj[a][b]..., null when a step is missing.
json At(const json& obj, std::initializer_list<const char*> path) {
  const json* cur = &obj;
  for (const char* key : path) {
    if (!cur->is_object() || !cur->contains(key)) return json();
    cur = &(*cur)[key];
  }
  return *cur;
}

FieldCause Immutable(const std::string& field, const std::string& value) {
  return {"FieldValueInvalid", field, "Invalid value: " + value + ": field is immutable"};
}

FieldCause ForbiddenWhenImmutable(const std::string& field) {
  return {"FieldValueForbidden", field, "Forbidden: field is immutable when `immutable` is set"};
}

void CheckSelector(const json& old, const json& obj, std::vector<FieldCause>& causes) {
  const json selector = At(obj, {"spec", "selector"});
  if (!Same(selector, At(old, {"spec", "selector"}))) {
    causes.push_back(Immutable("spec.selector", GoLabelSelector(selector)));
  }
}

// A suspended Job that has not started may change these parts of its template.
json WithoutMutableSchedulingDirectives(json pod_template) {
  if (pod_template.is_object()) {
    if (pod_template.contains("metadata") && pod_template["metadata"].is_object()) {
      pod_template["metadata"].erase("labels");
      pod_template["metadata"].erase("annotations");
    }
    if (pod_template.contains("spec") && pod_template["spec"].is_object()) {
      for (const char* f : {"nodeSelector", "affinity", "tolerations", "schedulingGates"}) {
        pod_template["spec"].erase(f);
      }
    }
  }
  return pod_template;
}

void CheckJob(const json& old, const json& obj, std::vector<FieldCause>& causes) {
  const json completions = At(obj, {"spec", "completions"});
  if (!Same(completions, At(old, {"spec", "completions"}))) {
    causes.push_back(Immutable("spec.completions", GoScalar(completions)));
  }
  CheckSelector(old, obj, causes);
  json old_template = At(old, {"spec", "template"});
  json new_template = At(obj, {"spec", "template"});
  const bool never_started = !At(old, {"status", "startTime"}).is_string();
  if (At(old, {"spec", "suspend"}) == true && never_started) {
    old_template = WithoutMutableSchedulingDirectives(old_template);
    new_template = WithoutMutableSchedulingDirectives(new_template);
  }
  if (!Same(old_template, new_template)) {
    causes.push_back(Immutable("spec.template", At(obj, {"spec", "template"}).dump()));
  }
  const json mode = At(obj, {"spec", "completionMode"});
  if (!Same(mode, At(old, {"spec", "completionMode"}))) {
    causes.push_back(Immutable("spec.completionMode", GoScalar(mode)));
  }
}

void CheckClaim(const json& old, const json& obj, std::vector<FieldCause>& causes) {
  json old_spec = At(old, {"spec"});
  json new_spec = At(obj, {"spec"});
  const bool bound = At(old, {"status", "phase"}) == "Bound";
  auto comparable = [&](json spec) {
    if (!spec.is_object()) return spec;
    if (old_spec.value("volumeName", "") == "") spec.erase("volumeName");  // may be set once
    if (bound && spec.contains("resources") && spec["resources"].is_object()) {
      spec["resources"].erase("requests");
    }
    return spec;
  };
  if (!Same(comparable(old_spec), comparable(new_spec))) {
    causes.push_back(
        {"FieldValueForbidden", "spec",
         "Forbidden: spec is immutable after creation except resources.requests for bound "
         "claims\n  core.PersistentVolumeClaimSpec{\n- \t" +
             Normalized(old_spec).dump() + "\n+ \t" + Normalized(new_spec).dump() + "\n  }\n"});
  }
  const json old_size = At(old_spec, {"resources", "requests", "storage"});
  const json new_size = At(new_spec, {"resources", "requests", "storage"});
  if (old_size.is_string() && new_size.is_string() &&
      ParseQuantity(new_size.get<std::string>()).value_or(0) <
          ParseQuantity(old_size.get<std::string>()).value_or(0)) {
    causes.push_back({"FieldValueForbidden", "spec.resources.requests.storage",
                      "Forbidden: field can not be less than previous value"});
  }
}

void CheckImmutableData(const ResourceInfo& r, const json& old, const json& obj,
                        std::vector<FieldCause>& causes) {
  if (Is(r, "", "secrets")) {
    const json type = obj.value("type", json("Opaque"));
    if (type != old.value("type", json("Opaque"))) {
      causes.push_back(Immutable("type", GoScalar(type)));
    }
  }
  if (old.value("immutable", false) != true) return;
  if (obj.value("immutable", false) != true) causes.push_back(ForbiddenWhenImmutable("immutable"));
  if (!Same(old.value("data", json()), obj.value("data", json()))) {
    causes.push_back(ForbiddenWhenImmutable("data"));
  }
  if (Is(r, "", "configmaps") &&
      !Same(old.value("binaryData", json()), obj.value("binaryData", json()))) {
    causes.push_back(ForbiddenWhenImmutable("binaryData"));
  }
}

}  // namespace

std::optional<ApiError> CheckImmutableFields(const ResourceInfo& r, const json& old,
                                             const json& obj) {
  std::vector<FieldCause> causes;
  if (Is(r, "apps", "deployments") || Is(r, "apps", "replicasets") || Is(r, "apps", "daemonsets")) {
    CheckSelector(old, obj, causes);
  } else if (Is(r, "batch", "jobs")) {
    CheckJob(old, obj, causes);
  } else if (Is(r, "", "persistentvolumeclaims")) {
    CheckClaim(old, obj, causes);
  } else if (Is(r, "", "configmaps") || Is(r, "", "secrets")) {
    CheckImmutableData(r, old, obj, causes);
  }
  if (causes.empty()) return std::nullopt;
  return InvalidError(ErrorSubject{r.group, r.name, r.kind, obj["metadata"].value("name", "")},
                      causes);
}

}  // namespace ark::kubesim
