#include "kube/resource_path.h"

#include "util/percent_encode.h"

namespace ark::kube {

Status CheckPathSegmentName(std::string_view segment, std::string_view what) {
  const std::string quoted = std::string(what) + " \"" + std::string(segment) + "\"";
  if (segment == "." || segment == "..") return InvalidArgument(quoted + " may not be '.' or '..'");
  if (segment.find('/') != std::string_view::npos) {
    return InvalidArgument(quoted + " may not contain '/'");
  }
  if (segment.find('%') != std::string_view::npos) {
    return InvalidArgument(quoted + " may not contain '%'");
  }
  return Status::Ok();
}

Result<std::string> CollectionPath(const GroupVersionResource& gvr, std::string_view ns) {
  std::string path =
      gvr.group.empty() ? "/api/" + gvr.version : "/apis/" + gvr.group + "/" + gvr.version;
  if (!ns.empty()) {
    ARK_RETURN_IF_ERROR(CheckPathSegmentName(ns, "namespace"));
    path += "/namespaces/";
    path += PercentEncode(ns);
  }
  path += '/';
  path += gvr.resource;
  return path;
}

Result<std::string> ObjectPath(const GroupVersionResource& gvr, std::string_view ns,
                               std::string_view name, std::string_view subresource) {
  if (name.empty()) {
    return InvalidArgument(gvr.GroupResource() + ": the object's name may not be empty");
  }
  ARK_RETURN_IF_ERROR(CheckPathSegmentName(name, "name"));
  ARK_ASSIGN_OR_RETURN(std::string path, CollectionPath(gvr, ns));
  path += '/';
  path += PercentEncode(name);
  if (!subresource.empty()) {
    path += '/';
    path += subresource;
  }
  return path;
}

}  // namespace ark::kube
