#include "kubesim/table.h"

#include "kubesim/metadata.h"

namespace ark::kubesim {

using nlohmann::json;

json ToTable(const ResourceInfo& r, const std::vector<json>& objects, Clock::TimePoint now,
             const std::string& rv, const std::string& cont) {
  json columns = json::array(
      {{{"name", "Name"}, {"type", "string"}, {"format", "name"},
        {"description", "Name must be unique within a namespace."}, {"priority", 0}},
       {{"name", "Age"}, {"type", "string"}, {"format", ""},
        {"description", "CreationTimestamp is a timestamp representing the server time when this object was created."},
        {"priority", 0}}});
  json rows = json::array();
  for (const json& obj : objects) {
    const json& meta = obj.value("metadata", json::object());
    std::string age = "<unknown>";
    Clock::TimePoint created;
    if (ParseTime(meta.value("creationTimestamp", ""), &created)) {
      age = HumanAge(std::chrono::duration_cast<std::chrono::seconds>(now - created));
    }
    json partial = {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"},
                    {"metadata", meta}};
    rows.push_back({{"cells", {meta.value("name", ""), age}}, {"object", partial}});
  }
  json metadata = json::object();
  if (!rv.empty()) metadata["resourceVersion"] = rv;
  if (!cont.empty()) metadata["continue"] = cont;
  (void)r;
  return {{"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", metadata},
          {"columnDefinitions", columns}, {"rows", rows}};
}

}  // namespace ark::kubesim
