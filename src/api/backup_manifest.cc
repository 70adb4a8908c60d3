#include "api/backup_manifest.h"

#include <nlohmann/json.hpp>

namespace ark::api {
namespace {

using nlohmann::json;

constexpr std::string_view kApiVersion = "ark.heptio.com/v1";
constexpr std::string_view kKind = "BackupManifest";

json DigestJson(const FileDigest& d) { return {{"size", d.size}, {"sha256", d.sha256}}; }

// Reads typed fields of one JSON object; the first wrong field is kept as the error, named by
// its path in the document ("entries[3].size").
class Fields {
 public:
  Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

  std::string String(const char* key, Status& error) const {
    const json* v = Find(key, json::value_t::string, "a string", error);
    return v ? v->get<std::string>() : "";
  }
  int64_t Number(const char* key, Status& error) const {
    auto it = object_.is_object() ? object_.find(key) : object_.end();
    if (it == object_.end() || !it->is_number_integer() || it->get<int64_t>() < 0) {
      Fail(key, "not a non-negative integer", error);
      return 0;
    }
    return it->get<int64_t>();
  }
  const json* Find(const char* key, json::value_t type, const char* what, Status& error) const {
    auto it = object_.is_object() ? object_.find(key) : object_.end();
    if (it == object_.end() || it->type() != type) {
      Fail(key, std::string("not ") + what, error);
      return nullptr;
    }
    return &*it;
  }
  std::string Path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  void Fail(const char* key, const std::string& why, Status& error) const {
    if (error.ok()) error = DataLoss(Path(key) + ": " + why);
  }
  const json& object_;
  std::string path_;
};

FileDigest ReadDigest(const json& j, const std::string& path, Status& error) {
  Fields f(j, path);
  FileDigest d;
  d.size = f.Number("size", error);
  d.sha256 = f.String("sha256", error);
  return d;
}

}  // namespace

Status WriteBackupManifest(const BackupManifest& m, ByteSink& out) {
  json head = {{"apiVersion", kApiVersion},
               {"kind", kKind},
               {"backup", m.backup},
               {"writtenBy", m.written_by},
               {"files", {{"contents", DigestJson(m.contents)}, {"log", DigestJson(m.log)}}},
               {"resources", m.resources}};
  std::string text = head.dump();
  text.pop_back();  // the closing '}': entries and snapshots follow
  text += ",\"entries\":[";
  ARK_RETURN_IF_ERROR(out.Write(text));
  std::string chunk;
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const ManifestEntry& e = m.entries[i];
    if (i > 0) chunk += ',';
    chunk += json{{"path", e.path}, {"size", e.digest.size}, {"sha256", e.digest.sha256}}.dump();
    if (chunk.size() >= (64 << 10)) {
      ARK_RETURN_IF_ERROR(out.Write(chunk));
      chunk.clear();
    }
  }
  chunk += "],\"volumeSnapshots\":[";
  for (size_t i = 0; i < m.volume_snapshots.size(); ++i) {
    const ManifestSnapshot& s = m.volume_snapshots[i];
    if (i > 0) chunk += ',';
    chunk += json{{"persistentVolume", s.persistent_volume},
                  {"snapshotID", s.snapshot_id},
                  {"provider", s.provider}}
                 .dump();
  }
  chunk += "]}";
  return out.Write(chunk);
}

Result<BackupManifest> DecodeBackupManifest(std::string_view text, std::string_view where) {
  const std::string prefix = "manifest " + std::string(where) + ": ";
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return DataLoss(prefix + "not valid JSON");
  if (!j.is_object()) return DataLoss(prefix + "not a JSON object");
  if (j.value("kind", "") != kKind) {
    return DataLoss(prefix + "kind is \"" + j.value("kind", "") + "\", not " + std::string(kKind));
  }
  Status error;
  Fields top(j, "");
  BackupManifest m;
  m.backup = top.String("backup", error);
  m.written_by = top.String("writtenBy", error);
  if (const json* files = top.Find("files", json::value_t::object, "an object", error)) {
    m.contents = ReadDigest(files->value("contents", json()), "files.contents", error);
    m.log = ReadDigest(files->value("log", json()), "files.log", error);
  }
  if (const json* resources = top.Find("resources", json::value_t::object, "an object", error)) {
    Fields counts(*resources, "resources");
    for (const auto& [resource, count] : resources->items()) {
      m.resources[resource] = counts.Number(resource.c_str(), error);
    }
  }
  if (const json* entries = top.Find("entries", json::value_t::array, "an array", error)) {
    m.entries.reserve(entries->size());
    for (size_t i = 0; i < entries->size() && error.ok(); ++i) {
      const std::string path = "entries[" + std::to_string(i) + "]";
      Fields f((*entries)[i], path);
      ManifestEntry e;
      e.path = f.String("path", error);
      e.digest = ReadDigest((*entries)[i], path, error);
      m.entries.push_back(std::move(e));
    }
  }
  if (const json* snaps = top.Find("volumeSnapshots", json::value_t::array, "an array", error)) {
    for (size_t i = 0; i < snaps->size() && error.ok(); ++i) {
      Fields f((*snaps)[i], "volumeSnapshots[" + std::to_string(i) + "]");
      ManifestSnapshot s;
      s.persistent_volume = f.String("persistentVolume", error);
      s.snapshot_id = f.String("snapshotID", error);
      s.provider = f.String("provider", error);
      m.volume_snapshots.push_back(std::move(s));
    }
  }
  if (!error.ok()) return DataLoss(prefix + error.message());
  return m;
}

}  // namespace ark::api
