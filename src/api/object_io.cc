#include "api/object_io.h"

#include "api/group.h"

namespace ark::api {

Status CheckKind(const Json& j, std::string_view kind) {
  if (!j.is_object()) {
    return InvalidArgument("expected a " + std::string(kind) + " object, got " + j.type_name());
  }
  auto it = j.find("kind");
  if (it != j.end() && !it->is_null()) {
    if (!it->is_string() || it->get<std::string>() != kind) {
      return InvalidArgument("expected a " + std::string(kind) + " object, got kind " + it->dump());
    }
  }
  return Status::Ok();
}

std::string ObjectRef(std::string_view kind, const Json& j) {
  std::string ns, name;
  if (j.is_object()) {
    auto m = j.find("metadata");
    if (m != j.end() && m->is_object()) {
      auto n = m->find("name");
      if (n != m->end() && n->is_string()) name = n->get<std::string>();
      auto s = m->find("namespace");
      if (s != m->end() && s->is_string()) ns = s->get<std::string>();
    }
  }
  return std::string(kind) + " \"" + (ns.empty() ? "" : ns + "/") + name + "\"";
}

Status InObject(Status s, std::string_view kind, const Json& j) {
  if (s.ok()) return s;
  return Status(s.code(), ObjectRef(kind, j) + ": " + s.message());
}

void SetTypeMeta(Json& out, std::string_view kind) {
  if (!out.contains("apiVersion") || out["apiVersion"].is_null()) {
    out["apiVersion"] = std::string(kApiVersion);
  }
  if (!out.contains("kind") || out["kind"].is_null()) out["kind"] = std::string(kind);
}

}  // namespace ark::api
