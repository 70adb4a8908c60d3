#include "cli/ark_api.h"

#include <thread>

#include "api/config.h"
#include "api/download_request.h"
#include "api/json_fields.h"
#include "api/names.h"
#include "api/resources.h"
#include "archive/gzip.h"
#include "archive/gzip_reader.h"
#include "cli/sealed_download.h"
#include "cloud/local/file_url.h"
#include "http/client.h"
#include "kube/label_selector.h"
#include "persistence/encryption_keys.h"
#include "util/byte_stream.h"
#include "util/json_access.h"
#include "util/temp_file.h"
#include "util/time_format.h"

namespace ark::cli {

using nlohmann::json;

const Kind& BackupKind() {
  static const Kind k{"backup", "Backup", api::BackupsGvr()};
  return k;
}
const Kind& RestoreKind() {
  static const Kind k{"restore", "Restore", api::RestoresGvr()};
  return k;
}
const Kind& ScheduleKind() {
  static const Kind k{"schedule", "Schedule", api::SchedulesGvr()};
  return k;
}

Status CheckName(const Kind& kind, const std::string& name, size_t max) {
  const std::string problem = api::ObjectNameProblem(name, max);
  if (problem.empty()) return Status::Ok();
  return InvalidArgument("invalid " + std::string(kind.singular) + " name " +
                         api::ValuePreview(json(name)) + ": " + problem);
}

Status CheckNames(const Kind& kind, const std::vector<std::string>& names) {
  for (const std::string& name : names) ARK_RETURN_IF_ERROR(CheckName(kind, name));
  return Status::Ok();
}

Result<json> GetArkObject(Session& s, const Kind& kind, const std::string& name) {
  ARK_ASSIGN_OR_RETURN(auto* client, s.Client());
  auto got = client->Get(kind.gvr, s.ns(), name);
  if (!got.ok() && got.status().code() == Code::kNotFound) {
    return NotFound(std::string(kind.singular) + " \"" + name + "\" not found in namespace \"" +
                    s.ns() + "\"");
  }
  return got;
}

Result<std::optional<json>> FindBackup(Session& s, const std::string& name) {
  auto in_cluster = GetArkObject(s, BackupKind(), name);
  if (in_cluster.ok()) return std::optional<json>(std::move(*in_cluster));
  if (in_cluster.status().code() != Code::kNotFound) return in_cluster.status();
  // A backup another cluster wrote, or one not synced yet, is still restorable: the server
  // reads its metadata from the bucket. Only the server can look there.
  const auto probe_timeout = std::chrono::seconds(10);
  auto url = ResolveDownloadUrl(s, "BackupContents", name, probe_timeout);
  if (url.ok()) return std::optional<json>();
  const std::string searched = "backup \"" + name + "\" not found";
  if (url.status().code() == Code::kNotFound) {
    return NotFound(searched + ": searched the Backups in namespace \"" + s.ns() +
                    "\" and, through the server, object storage");
  }
  return NotFound(searched + " in namespace \"" + s.ns() +
                  "\", and object storage could not be searched: " + url.status().message());
}

Result<std::vector<json>> ListArkObjects(Session& s, const Kind& kind,
                                         const std::string& selector) {
  if (!selector.empty()) {
    auto parsed = kube::LabelSelector::Parse(selector);
    if (!parsed.ok()) return Status(parsed.status()).Annotate("--selector");
  }
  ARK_ASSIGN_OR_RETURN(auto* client, s.Client());
  std::vector<json> out;
  kube::ListOptions options;
  options.label_selector = selector;
  Status st = client->List(kind.gvr, s.ns(), options, [&](kube::ListPage& page) {
    for (auto& item : page.items) out.push_back(std::move(item));
    return Status::Ok();
  });
  if (!st.ok()) {
    if (st.code() == Code::kNotFound) {
      return NotFound(std::string("the server does not serve ") + kind.gvr.resource + "." +
                      kind.gvr.group + ": apply examples/common/00-prereqs.yaml first");
    }
    return st;
  }
  return out;
}

Result<std::vector<json>> GetOrList(Session& s, const Kind& kind,
                                    const std::vector<std::string>& names,
                                    const std::string& selector) {
  if (names.empty()) return ListArkObjects(s, kind, selector);
  std::vector<json> out;
  for (const auto& name : names) {
    ARK_ASSIGN_OR_RETURN(auto obj, GetArkObject(s, kind, name));
    out.push_back(std::move(obj));
  }
  return out;
}

namespace {

Status Fetch(const std::string& url, ByteSink& out) {
  if (url.rfind("file://", 0) == 0) {
    ARK_ASSIGN_OR_RETURN(auto path, cloud::local::FileUrlPath(url));
    ARK_ASSIGN_OR_RETURN(auto source, OpenFileSource(path));
    return Copy(*source, out);
  }
  ARK_ASSIGN_OR_RETURN(auto client, http::NewCurlClient(http::ClientOptions{}));
  http::Request request;
  request.url = url;
  // Keep the transport from decompressing: logs are gunzipped here, contents stay .tar.gz.
  request.headers.Set("Accept-Encoding", "gzip");
  Status written;
  request.on_body = [&](std::string_view chunk) {
    written = out.Write(chunk);
    return written.ok();
  };
  Result<http::Response> sent = client->Send(request);
  ARK_RETURN_IF_ERROR(written);
  ARK_ASSIGN_OR_RETURN(auto response, std::move(sent));
  if (response.status != 200) {
    // Asked for gzip, a server may well compress its error document too.
    std::string detail = response.body;
    auto encoding = response.headers.Get("Content-Encoding");
    if (encoding && *encoding == "gzip") {
      auto plain = archive::Gunzip(detail, "error body");
      if (plain.ok()) detail = std::move(*plain);
    }
    return Unavailable("download failed with HTTP " + std::to_string(response.status) + ": " +
                       detail.substr(0, 512));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> Download(Session& s, const std::string& kind, const std::string& name,
                             std::chrono::milliseconds timeout) {
  StringSink sink;
  ARK_RETURN_IF_ERROR(DownloadTo(s, kind, name, timeout, sink));
  return sink.Take();
}

Result<std::string> ResolveDownloadUrl(Session& s, const std::string& kind, const std::string& name,
                                       std::chrono::milliseconds timeout) {
  ARK_ASSIGN_OR_RETURN(auto* client, s.Client());
  const auto gvr = api::DownloadRequestsGvr();
  api::DownloadRequest request;
  request.metadata.generate_name = name + "-" + FormatNameTimestamp(s.clock().Now()) + "-";
  request.metadata.ns = s.ns();
  request.target_kind = kind;
  request.target_name = name;
  ARK_ASSIGN_OR_RETURN(auto created, client->Create(gvr, s.ns(), request.ToJson()));
  const std::string req_name = api::Name(created);
  struct Cleanup {
    kube::DynamicClient* client;
    kube::GroupVersionResource gvr;
    std::string ns, name;
    ~Cleanup() { (void)client->Delete(gvr, ns, name); }
  } cleanup{client, gvr, s.ns(), req_name};

  const auto deadline = s.clock().Now() + timeout;
  for (;;) {
    ARK_ASSIGN_OR_RETURN(auto got, client->Get(gvr, s.ns(), req_name));
    ARK_ASSIGN_OR_RETURN(api::DownloadRequest current, api::DownloadRequest::FromJson(got));
    if (!current.download_url.empty()) return current.download_url;
    if (current.phase == "Processed") {
      const std::string& why = current.error;
      if (why.find("NotFound") != std::string::npos || why.empty()) {
        return NotFound(kind + " for \"" + name + "\" not found in object storage" +
                        (why.empty() ? "" : " (" + why + ")"));
      }
      return Unavailable(why);
    }
    if (s.clock().Now() >= deadline) {
      return DeadlineExceeded("timed out after " + std::to_string(timeout.count() / 1000) +
                              "s waiting for the server to process download request \"" + req_name +
                              "\": is `ark server` running for namespace \"" + s.ns() + "\"?");
    }
    s.clock().SleepFor(std::chrono::milliseconds(200));
  }
}

namespace {

// The keys the server seals with, read as it reads them: Config "default", then its Secret,
// with the user's kubeconfig.
Result<std::shared_ptr<const crypto::Keyring>> LoadDownloadKeys(Session& s) {
  ARK_ASSIGN_OR_RETURN(auto* client, s.Client());
  ARK_ASSIGN_OR_RETURN(json config, client->Get(api::ConfigsGvr(), s.ns(), "default"));
  ARK_ASSIGN_OR_RETURN(api::ServerConfig parsed, api::ParseServerConfig(config));
  if (!parsed.encryption) {
    return FailedPrecondition("Config \"" + s.ns() +
                              "/default\" names no encryption keys (encryption.keySecret)");
  }
  ARK_ASSIGN_OR_RETURN(persistence::EncryptionKeys keys,
                       persistence::LoadEncryptionKeys(*client, s.ns(), *parsed.encryption));
  return keys.keyring;
}

}  // namespace

Status DownloadTo(Session& s, const std::string& kind, const std::string& name,
                  std::chrono::milliseconds timeout, ByteSink& out) {
  ARK_ASSIGN_OR_RETURN(std::string url, ResolveDownloadUrl(s, kind, name, timeout));
  // The store may hold the file sealed (Config encryption): what reaches `out` is plaintext.
  SealedDownloadSink opened(out, DownloadWhat(kind, name), [&s] { return LoadDownloadKeys(s); });
  ARK_RETURN_IF_ERROR(Fetch(url, opened));
  return opened.Close();
}

Result<TempFile> DownloadToTempFile(Session& s, const std::string& kind, const std::string& name,
                                    std::chrono::milliseconds timeout) {
  // The CLI lives for one command: its staged file goes to $TMPDIR, owner-only, under a name
  // nobody can predict.
  ARK_ASSIGN_OR_RETURN(TempFile staged,
                       TempFile::Create(SystemTempDir(), "ark-" + kind + "-" + name + "-"));
  ARK_ASSIGN_OR_RETURN(auto file, OpenFileSink(staged.path()));
  ARK_RETURN_IF_ERROR(DownloadTo(s, kind, name, timeout, *file));
  ARK_RETURN_IF_ERROR(file->Close());
  return staged;
}

Status PrintLog(Session& s, const std::string& kind, const std::string& name,
                std::chrono::milliseconds timeout, const std::string& what) {
  ARK_ASSIGN_OR_RETURN(TempFile staged, DownloadToTempFile(s, kind, name, timeout));
  ARK_ASSIGN_OR_RETURN(auto gz, OpenFileSource(staged.path()));
  // Log lines repeat themselves: they may shrink a hundredfold, not ten thousandfold.
  archive::GzipReader text(*gz, /*max_ratio=*/10000);
  char buf[64 * 1024];
  for (;;) {
    Result<size_t> n = text.Read(buf, sizeof buf);
    if (!n.ok()) return Status(n.status().code(), what + ": " + n.status().message());
    if (*n == 0) break;
    s.out().write(buf, static_cast<std::streamsize>(*n));
  }
  s.out().flush();
  return Status::Ok();
}

Result<json> WaitForPhase(Session& s, const Kind& kind, const std::string& name,
                          std::chrono::milliseconds pickup_timeout,
                          const std::function<void(const json&)>& on_poll) {
  const auto start = s.clock().Now();
  for (;;) {
    ARK_ASSIGN_OR_RETURN(auto obj, GetArkObject(s, kind, name));
    if (on_poll) on_poll(obj);
    std::string phase = api::Phase(obj);
    if (!phase.empty() && phase != "New" && phase != "InProgress") return obj;
    if ((phase.empty() || phase == "New") && s.clock().Now() - start >= pickup_timeout) {
      return DeadlineExceeded(std::string(kind.singular) + " \"" + name +
                              "\" was not picked up within " +
                              std::to_string(pickup_timeout.count() / 1000) +
                              "s: is `ark server` running for namespace \"" + s.ns() + "\"?");
    }
    s.clock().SleepFor(std::chrono::milliseconds(250));
  }
}

}  // namespace ark::cli
