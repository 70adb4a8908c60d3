#include "api/json_fields.h"

#include "util/duration.h"
#include "util/time_format.h"

namespace ark::api {
namespace {

bool Absent(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null();
}

// The field if present and not null, else nullptr.
const Json* Find(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

Status WrongType(std::string_view where, std::string_view key, std::string_view expected,
                 const Json& got) {
  return InvalidArgument(FieldPath(where, key) + ": expected " + std::string(expected) + ", got " +
                         got.type_name() + " " + ValuePreview(got));
}

// Zero values leave missing/null fields alone.
void Put(Json& obj, const char* key, Json value, bool is_zero) {
  if (is_zero && Absent(obj, key)) return;
  obj[key] = std::move(value);
}

}  // namespace

std::string FieldPath(std::string_view where, std::string_view key) {
  if (where.empty()) return std::string(key);
  return std::string(where) + "." + std::string(key);
}

std::string ValuePreview(const Json& value, size_t max) {
  // Containers are summarized rather than dumped: dumping a 200,000-entry list to cut it
  // would cost as much as the list.
  if (value.is_array()) return "of " + std::to_string(value.size()) + " entries";
  if (value.is_object()) return "of " + std::to_string(value.size()) + " keys";
  if (value.is_string()) {
    // Cut inside the quotes; a cut through a UTF-8 sequence is replaced, not kept broken.
    const std::string& s = value.get_ref<const std::string&>();
    Json shown = s.size() > max ? Json(s.substr(0, max) + "...") : value;
    return shown.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > max) text = text.substr(0, max) + "...";
  return text;
}

Status ReadString(const Json& obj, std::string_view where, const char* key, std::string* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_string()) return WrongType(where, key, "a string", *v);
  *out = v->get<std::string>();
  return Status::Ok();
}

Status ReadBool(const Json& obj, std::string_view where, const char* key, bool* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_boolean()) return WrongType(where, key, "true or false", *v);
  *out = v->get<bool>();
  return Status::Ok();
}

Status ReadOptionalBool(const Json& obj, std::string_view where, const char* key,
                        std::optional<bool>* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_boolean()) return WrongType(where, key, "true, false or null", *v);
  *out = v->get<bool>();
  return Status::Ok();
}

Status ReadInt(const Json& obj, std::string_view where, const char* key, int64_t* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_number_integer()) return WrongType(where, key, "an integer", *v);
  *out = v->get<int64_t>();
  return Status::Ok();
}

Status ReadOptionalInt(const Json& obj, std::string_view where, const char* key,
                       std::optional<int64_t>* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_number_integer()) return WrongType(where, key, "an integer", *v);
  *out = v->get<int64_t>();
  return Status::Ok();
}

Status ReadStringList(const Json& obj, std::string_view where, const char* key,
                      std::vector<std::string>* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_array()) return WrongType(where, key, "a list of strings", *v);
  std::vector<std::string> items;
  for (size_t i = 0; i < v->size(); ++i) {
    const Json& item = (*v)[i];
    if (!item.is_string()) {
      return WrongType(where, std::string(key) + "[" + std::to_string(i) + "]", "a string", item);
    }
    items.push_back(item.get<std::string>());
  }
  *out = std::move(items);
  return Status::Ok();
}

Status ReadStringMap(const Json& obj, std::string_view where, const char* key,
                     std::map<std::string, std::string>* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_object()) return WrongType(where, key, "a map of strings", *v);
  std::map<std::string, std::string> items;
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (!it.value().is_string()) {
      return WrongType(FieldPath(where, key), it.key(), "a string", it.value());
    }
    items[it.key()] = it.value().get<std::string>();
  }
  *out = std::move(items);
  return Status::Ok();
}

Status ReadDuration(const Json& obj, std::string_view where, const char* key,
                    std::chrono::nanoseconds* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_string()) return WrongType(where, key, "a duration string such as \"24h0m0s\"", *v);
  auto d = ParseDuration(v->get<std::string>());
  if (!d.ok()) return InvalidArgument(FieldPath(where, key) + ": " + d.status().message());
  *out = *d;
  return Status::Ok();
}

Status ReadTime(const Json& obj, std::string_view where, const char* key,
                std::optional<Clock::TimePoint>* out) {
  const Json* v = Find(obj, key);
  if (v == nullptr) return Status::Ok();
  if (!v->is_string()) return WrongType(where, key, "an RFC 3339 time string", *v);
  auto t = ParseRfc3339(v->get<std::string>());
  if (!t.ok()) return InvalidArgument(FieldPath(where, key) + ": " + t.status().message());
  *out = *t;
  return Status::Ok();
}

Status ReadObject(const Json& obj, std::string_view where, const char* key, const Json** out) {
  static const Json kNull;
  const Json* v = Find(obj, key);
  *out = &kNull;
  if (v == nullptr) return Status::Ok();
  if (!v->is_object()) return WrongType(where, key, "an object", *v);
  *out = v;
  return Status::Ok();
}

void WriteString(Json& obj, const char* key, const std::string& value) {
  Put(obj, key, value, value.empty());
}

void WriteBool(Json& obj, const char* key, bool value) { Put(obj, key, value, !value); }

void WriteOptionalBool(Json& obj, const char* key, const std::optional<bool>& value) {
  if (!value.has_value()) {
    if (!Absent(obj, key)) obj[key] = nullptr;
    return;
  }
  obj[key] = *value;
}

void WriteInt(Json& obj, const char* key, int64_t value) { Put(obj, key, value, value == 0); }

void WriteOptionalInt(Json& obj, const char* key, const std::optional<int64_t>& value) {
  if (!value.has_value()) {
    if (!Absent(obj, key)) obj[key] = nullptr;
    return;
  }
  obj[key] = *value;
}

void WriteStringList(Json& obj, const char* key, const std::vector<std::string>& value) {
  if (value.empty()) {
    // Keep null, absent and [] as they were; a non-empty list becomes [].
    auto it = obj.find(key);
    if (it != obj.end() && it->is_array() && !it->empty()) *it = Json::array();
    return;
  }
  obj[key] = value;
}

void WriteStringMap(Json& obj, const char* key, const std::map<std::string, std::string>& value) {
  if (value.empty()) {
    auto it = obj.find(key);
    if (it != obj.end() && it->is_object() && !it->empty()) *it = Json::object();
    return;
  }
  obj[key] = value;
}

void WriteDuration(Json& obj, const char* key, std::chrono::nanoseconds value) {
  auto it = obj.find(key);
  if (it != obj.end() && it->is_string()) {
    auto old = ParseDuration(it->get<std::string>());
    if (old.ok() && *old == value) return;
  }
  Put(obj, key, FormatDuration(value), value.count() == 0);
}

void WriteTime(Json& obj, const char* key, const std::optional<Clock::TimePoint>& value) {
  if (!value.has_value()) {
    if (!Absent(obj, key)) obj[key] = nullptr;
    return;
  }
  auto it = obj.find(key);
  if (it != obj.end() && it->is_string()) {
    auto old = ParseRfc3339(it->get<std::string>());
    if (old.ok() && *old == *value) return;
  }
  obj[key] = FormatRfc3339(*value);
}

void WriteObject(Json& obj, const char* key, Json value) {
  if (value.is_object() && value.empty() && Absent(obj, key)) return;
  obj[key] = std::move(value);
}

Json BaseObject(const Json& raw) { return raw.is_object() ? raw : Json::object(); }

}  // namespace ark::api
