#include "cli/output.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "kube/label_selector.h"
#include "util/json_access.h"
#include "util/time_format.h"

namespace ark::cli {

using nlohmann::json;

Status ValidateOutputFormat(const std::string& format) {
  if (format == "table" || format == "json" || format == "yaml") return Status::Ok();
  return InvalidArgument("invalid output format \"" + format +
                         "\": valid values are table, json, yaml");
}

namespace {

// Strings YAML would read back as something else (true, 1, null, a time, ...) are quoted,
// keys as well as values: kubectl's YAML library reads a bare `on:` key as the boolean true.
void EmitString(YAML::Emitter& e, const std::string& s) {
  bool plain = !s.empty();
  if (plain) {
    try {
      YAML::Node probe = YAML::Load(s);
      plain = probe.IsScalar() && probe.Scalar() == s && probe.Tag() == "?";
      if (plain) {
        // YAML 1.1's booleans and nulls, which kubectl's YAML library (and PyYAML) resolve.
        static const char* kSpecial[] = {"y",     "Y",     "yes",  "Yes",  "YES",  "n",    "N",
                                         "no",    "No",    "NO",   "true", "True", "TRUE", "false",
                                         "False", "FALSE", "on",   "On",   "ON",   "off",  "Off",
                                         "OFF",   "null",  "Null", "NULL", "~"};
        for (const char* k : kSpecial) plain = plain && s != k;
        const unsigned char first = static_cast<unsigned char>(s[0]);
        if (std::isdigit(first) || s[0] == '-' || s[0] == '.' || s[0] == '+') plain = false;
      }
    } catch (const YAML::Exception&) {
      plain = false;
    }
  }
  if (plain) {
    e << s;
  } else {
    e << YAML::DoubleQuoted << s;
  }
}

void Emit(YAML::Emitter& e, const json& v) {
  switch (v.type()) {
    case json::value_t::object:
      e << YAML::BeginMap;
      for (const auto& [k, item] : v.items()) {
        e << YAML::Key;
        EmitString(e, k);
        e << YAML::Value;
        Emit(e, item);
      }
      e << YAML::EndMap;
      break;
    case json::value_t::array:
      e << YAML::BeginSeq;
      for (const auto& item : v) Emit(e, item);
      e << YAML::EndSeq;
      break;
    case json::value_t::string:
      EmitString(e, v.get<std::string>());
      break;
    case json::value_t::boolean:
      e << (v.get<bool>() ? "true" : "false");
      break;
    case json::value_t::null:
      e << YAML::Null;
      break;
    default:
      e << v.dump();
  }
}

}  // namespace

std::string ToYaml(const json& value) {
  YAML::Emitter e;
  e.SetNullFormat(YAML::LowerNull);  // `null`, as kubectl prints it, not yaml-cpp's `~`
  Emit(e, value);
  return std::string(e.c_str()) + "\n";
}

void PrintObject(std::ostream& out, const json& object, const std::string& format) {
  if (format == "yaml") {
    out << ToYaml(object);
  } else {
    out << object.dump(2) << "\n";
  }
}

void PrintObjects(std::ostream& out, const std::vector<json>& objects, const std::string& format) {
  if (objects.size() == 1) return PrintObject(out, objects[0], format);
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", objects}};
  PrintObject(out, list, format);
}

void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) {
      s += cells[i];
      if (i + 1 < cells.size()) s += std::string(width[i] - cells[i].size() + 3, ' ');
    }
    out << s << "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
}

std::string HumanTimestamp(const std::string& rfc3339) {
  if (rfc3339.empty()) return "<unknown>";
  auto t = ParseRfc3339(rfc3339);
  if (!t.ok()) return "<unknown>";
  // Ark's CLI form of the same instant: "2017-11-06 22:46:06 +0000 UTC".
  std::string text = FormatRfc3339(*t);
  text[10] = ' ';
  text.replace(text.size() - 1, 1, " +0000 UTC");
  return text;
}

std::string HumanTimestamp(const std::optional<Clock::TimePoint>& time) {
  return time.has_value() ? HumanTimestamp(FormatRfc3339(*time)) : "<unknown>";
}

std::string HumanUntil(const std::optional<Clock::TimePoint>& time, Clock::TimePoint now) {
  if (!time.has_value()) return "n/a";
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(*time - now).count();
  if (secs < 0) secs = 0;
  if (secs >= 86400) return std::to_string(secs / 86400) + "d";
  if (secs >= 3600) return std::to_string(secs / 3600) + "h";
  if (secs >= 60) return std::to_string(secs / 60) + "m";
  return std::to_string(secs) + "s";
}

std::string LabelsText(const std::map<std::string, std::string>& labels) {
  std::string s;
  for (const auto& [k, v] : labels) {
    if (!s.empty()) s += ",";
    s += k + "=" + v;
  }
  return s.empty() ? "<none>" : s;
}

std::string SelectorText(const std::optional<api::LabelSelector>& selector) {
  if (!selector.has_value()) return "<none>";
  auto parsed = selector->ToSelector("labelSelector");
  if (!parsed.ok()) return "<invalid>";
  std::string s = parsed->ToString();
  return s.empty() ? "<none>" : s;
}

void SortByName(std::vector<json>& objects) {
  auto key = [](const json& o) {
    std::string name = Str(Obj(o, "metadata"), "name");
    std::string_view prefix, stamp;
    if (SplitNameTimestamp(name, &prefix, &stamp)) {
      return std::make_tuple(std::string(prefix), 0, std::string(stamp));
    }
    return std::make_tuple(name, 1, std::string());
  };
  std::sort(objects.begin(), objects.end(), [&](const json& a, const json& b) {
    auto ka = key(a), kb = key(b);
    if (std::get<0>(ka) != std::get<0>(kb)) return std::get<0>(ka) < std::get<0>(kb);
    if (std::get<1>(ka) != std::get<1>(kb)) return std::get<1>(ka) < std::get<1>(kb);
    return std::get<2>(ka) > std::get<2>(kb);  // newest first
  });
}

namespace {

std::string Fraction(int64_t done, int64_t total) {
  return std::to_string(done) + "/" + std::to_string(total);
}

}  // namespace

std::string ProgressText(const api::BackupStatus& status) {
  if (!status.progress.has_value()) return "<none>";
  return Fraction(status.progress->items_backed_up, status.progress->total_items);
}

std::string ProgressText(const api::RestoreStatus& status) {
  if (!status.progress.has_value()) return "<none>";
  return Fraction(status.progress->items_restored, status.progress->total_items);
}

}  // namespace ark::cli
