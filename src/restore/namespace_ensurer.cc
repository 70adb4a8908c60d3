#include "restore/namespace_ensurer.h"

#include "restore/item_rewriter.h"
#include "util/json_access.h"

namespace ark::restore {
namespace {

const kube::GroupVersionResource kNamespaces{"", "v1", "namespaces"};

}  // namespace

NamespaceEnsurer::NamespaceEnsurer(kube::DynamicClient& client, ResultCollector& results,
                                   bool dry_run, std::string restore_label_value, Logger log)
    : client_(client),
      results_(results),
      dry_run_(dry_run),
      label_value_(std::move(restore_label_value)),
      log_(std::move(log)) {}

Status NamespaceEnsurer::Ensure(const std::string& ns) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = entries_[ns];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::call_once(entry->once, [&] { entry->status = EnsureSlow(ns); });
  return entry->status;
}

void NamespaceEnsurer::MarkPresent(const std::string& ns) {
  std::shared_ptr<Entry> entry = std::make_shared<Entry>();
  std::call_once(entry->once, [] {});
  std::lock_guard<std::mutex> lock(mu_);
  entries_[ns] = std::move(entry);
}

Status NamespaceEnsurer::EnsureSlow(const std::string& ns) {
  Result<kube::Json> live = client_.Get(kNamespaces, "", ns);
  if (live.ok()) {
    if (Str(Obj(*live, "status"), "phase") == "Terminating") {
      return FailedPrecondition("namespace \"" + ns + "\" is terminating");
    }
    return Status::Ok();
  }
  if (live.status().code() != Code::kNotFound) {
    Status s = live.status();
    return s.Annotate("getting namespace \"" + ns + "\"");
  }
  if (dry_run_) {
    results_.RecordNamespaceCreated(ns);
    return Status::Ok();
  }
  kube::Json object = {
      {"apiVersion", "v1"},
      {"kind", "Namespace"},
      {"metadata", {{"name", ns}, {"labels", {{std::string(kRestoreLabel), label_value_}}}}}};
  Status created = client_.CreateWithoutResult(kNamespaces, "", object);
  if (created.ok()) {
    results_.RecordNamespaceCreated(ns);
    log_.Info("Created namespace for restored objects", {{"namespace", ns}});
    return Status::Ok();
  }
  if (created.code() == Code::kAlreadyExists) return Status::Ok();
  return created.Annotate("creating namespace \"" + ns + "\"");
}

}  // namespace ark::restore
