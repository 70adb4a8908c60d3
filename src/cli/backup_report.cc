#include "cli/backup_report.h"

#include <algorithm>

#include "archive/gzip_reader.h"
#include "archive/tar_paths.h"
#include "archive/tarball_reader.h"
#include "cli/ark_api.h"
#include "util/temp_file.h"

namespace ark::cli {

using nlohmann::json;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

const std::string* Field(const Fields& fields, std::string_view key) {
  for (const auto& [k, v] : fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string HookLine(const Fields& fields, const std::string& level, const std::string& msg) {
  auto get = [&](std::string_view key) {
    const std::string* v = Field(fields, key);
    return v == nullptr ? std::string() : *v;
  };
  // Built by appending: GCC 12 misreads chained `+` on temporaries as overlapping copies
  // (-Wrestrict, GCC PR 105651).
  std::string line = get("namespace");
  if (!line.empty()) line += '/';
  line.append(get("name")).append(": ").append(get("hookType")).append(" hook");
  if (const std::string hook = get("hookName"); !hook.empty()) line.append(" ").append(hook);
  line.append(", container ").append(get("container"));
  line.append(", command [").append(get("command")).append("]: ");
  if (msg == "exec hook finished") return line.append("exit code ").append(get("exitCode"));
  return line.append(level).append(": ").append(msg);
}

// Reads a gzip'd log from `source` and hands each line to `reader`.
Status ReadLog(ByteSource& source, BackupLogReader& reader) {
  // Log lines repeat themselves: they may shrink a hundredfold, not ten thousandfold.
  archive::GzipReader text(source, /*max_ratio=*/10000);
  std::string pending;
  char buf[64 * 1024];
  for (;;) {
    ARK_ASSIGN_OR_RETURN(size_t n, text.Read(buf, sizeof buf));
    if (n == 0) break;
    pending.append(buf, n);
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      reader.Line(std::string_view(pending).substr(start, nl - start));
    }
    pending.erase(0, start);
  }
  if (!pending.empty()) reader.Line(pending);
  return Status::Ok();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParseLogLine(std::string_view line) {
  Fields fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t eq = line.find('=', i);
    if (eq == std::string_view::npos || eq == i) break;
    std::string key(line.substr(i, eq - i));
    if (key.find(' ') != std::string::npos) break;
    i = eq + 1;
    std::string value;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        char c = line[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < line.size()) {
          char e = line[i++];
          value.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        } else {
          value.push_back(c);
        }
      }
      if (!closed) break;
    } else {
      size_t end = line.find(' ', i);
      if (end == std::string_view::npos) end = line.size();
      value = std::string(line.substr(i, end - i));
      i = end;
    }
    fields.emplace_back(std::move(key), std::move(value));
  }
  return fields;
}

void BackupLogReader::Line(std::string_view line) {
  const Fields fields = ParseLogLine(line);
  const std::string* level = Field(fields, "level");
  const std::string* msg = Field(fields, "msg");
  if (level == nullptr || msg == nullptr) return;
  if (Field(fields, "hookType") != nullptr) {
    if (*msg != "running exec hook") hooks_.push_back(HookLine(fields, *level, *msg));
    return;
  }
  const bool error = *level == "error";
  if (!error && *level != "warning") return;
  // The run's closing summary counts the problems; it is not one of them.
  if (Field(fields, "errors") != nullptr && Field(fields, "warnings") != nullptr) return;
  if (!seen_.emplace(*level + "\n" + *msg, true).second) return;
  json& result = error ? errors_ : warnings_;
  if (const std::string* ns = Field(fields, "namespace")) {
    result["namespaces"][*ns].push_back(*msg);
  } else if (Field(fields, "resource") != nullptr) {
    result["cluster"].push_back(*msg);
  } else {
    result["ark"].push_back(*msg);
  }
}

json BackupLogReader::Results() const { return {{"warnings", warnings_}, {"errors", errors_}}; }

Result<json> ResourceList(ByteSource& tarball) {
  ARK_ASSIGN_OR_RETURN(auto reader, archive::NewTarballReader(tarball));
  std::map<std::string, std::vector<std::string>> items;
  for (;;) {
    ARK_ASSIGN_OR_RETURN(auto entry, reader->Next());
    if (!entry.has_value()) break;
    auto where = archive::ParseItemPath(entry->path);
    if (!where.ok() || !where->has_value()) continue;
    const archive::ItemLocation& item = **where;
    items[item.group_resource].push_back(item.ns.empty() ? item.name : item.ns + "/" + item.name);
  }
  json list = json::object();
  for (auto& [gr, names] : items) {
    std::sort(names.begin(), names.end());
    list[gr] = names;
  }
  return list;
}

BackupReport FetchBackupReport(Session& s, const api::Backup& backup, bool details,
                               std::chrono::milliseconds timeout) {
  BackupReport report;
  const std::string& phase = backup.status.phase;
  if (phase != "Completed" && phase != "PartiallyFailed") return report;
  const std::string& name = backup.metadata.name;
  auto note = [&](const std::string& what, const Status& why) {
    report.unavailable += (report.unavailable.empty() ? "" : "; ") + what + ": " + why.ToString();
  };
  if (details || backup.status.warnings > 0 || backup.status.errors > 0) {
    Status read = [&]() -> Status {
      ARK_ASSIGN_OR_RETURN(TempFile staged, DownloadToTempFile(s, "BackupLog", name, timeout));
      ARK_ASSIGN_OR_RETURN(auto gz, OpenFileSource(staged.path()));
      BackupLogReader reader;
      ARK_RETURN_IF_ERROR(ReadLog(*gz, reader));
      report.results = reader.Results();
      report.hooks = reader.Hooks();
      return Status::Ok();
    }();
    if (!read.ok()) note("the backup log", read);
  }
  if (details) {
    auto list = [&]() -> Result<json> {
      ARK_ASSIGN_OR_RETURN(TempFile staged, DownloadToTempFile(s, "BackupContents", name, timeout));
      ARK_ASSIGN_OR_RETURN(auto tarball, OpenFileSource(staged.path()));
      return ResourceList(*tarball);
    }();
    if (list.ok()) {
      report.resources = std::move(*list);
    } else {
      note("the backup contents", list.status());
    }
  }
  return report;
}

}  // namespace ark::cli
