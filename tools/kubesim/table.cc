#include "kubesim/table.h"

#include "kubesim/metadata.h"
#include "kubesim/printer_columns.h"
#include "util/time_format.h"

namespace ark::kubesim {

using nlohmann::json;

json ToTable(const ResourceInfo& r, const std::vector<json>& objects, Clock::TimePoint now,
             const std::string& rv, const std::string& cont) {
  const std::vector<PrinterColumn> own = PrinterColumns(r);
  json columns = json::array({{{"name", "Name"},
                               {"type", "string"},
                               {"format", "name"},
                               {"description", "Name must be unique within a namespace."},
                               {"priority", 0}}});
  for (const PrinterColumn& c : own) {
    columns.push_back({{"name", c.name},
                       {"type", c.type},
                       {"format", ""},
                       {"description", c.description},
                       {"priority", c.priority}});
  }
  // A real server puts Age after the kind's default columns and before its wide ones.
  size_t age_at = 1;
  while (age_at - 1 < own.size() && own[age_at - 1].priority == 0) ++age_at;
  columns.insert(columns.begin() + static_cast<std::ptrdiff_t>(age_at),
                 json{{"name", "Age"},
                      {"type", "string"},
                      {"format", ""},
                      {"description",
                       "CreationTimestamp is a timestamp representing the server time when this "
                       "object was created."},
                      {"priority", 0}});
  json rows = json::array();
  for (const json& obj : objects) {
    const json& meta = obj.value("metadata", json::object());
    std::string age = "<unknown>";
    Result<Clock::TimePoint> created = ParseRfc3339(meta.value("creationTimestamp", ""));
    if (created.ok()) {
      age = HumanAge(std::chrono::duration_cast<std::chrono::seconds>(now - *created));
    }
    json partial = {
        {"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", meta}};
    json cells = json::array({meta.value("name", "")});
    for (json& cell : PrinterCells(r, obj)) cells.push_back(std::move(cell));
    cells.insert(cells.begin() + static_cast<std::ptrdiff_t>(age_at), age);
    rows.push_back({{"cells", std::move(cells)}, {"object", partial}});
  }
  json metadata = json::object();
  if (!rv.empty()) metadata["resourceVersion"] = rv;
  if (!cont.empty()) metadata["continue"] = cont;
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", metadata},
          {"columnDefinitions", columns},
          {"rows", rows}};
}

}  // namespace ark::kubesim
