#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "backup/backup_request.h"
#include "backup/claimed_items.h"
#include "backup/entry_writer.h"
#include "backup/item_action.h"
#include "backup/pod_hooks.h"
#include "backup/progress_estimate.h"
#include "backup/resource_plan.h"
#include "kube/dynamic_client.h"
#include "kube/label_selector.h"
#include "kube/pod_exec.h"
#include "util/cancel.h"
#include "util/includes_excludes.h"
#include "util/json_canonical.h"
#include "util/log.h"

namespace ark::backup {

// The state of one backup while workers run it: which items were taken, counts, errors,
// snapshots. Workers call RunTask concurrently; every member is thread-safe.
class BackupRun {
 public:
  struct Deps {
    kube::DynamicClient* client;
    const BackupRequest* request;
    const IncludesExcludes* namespaces;
    const IncludesExcludes* resources;
    const kube::LabelSelector* selector;
    const HookResolver* hooks;
    kube::PodExecutor* pod_executor;  // null: every hook fails
    const ResourcePlan* plan;
    // Actions by the group-resource they apply to, in run order.
    std::map<std::string, std::vector<ItemAction*>> actions;
    EntryWriter* writer;
    const Logger* log;  // carries backup=<ns>/<name>
    int64_t page_size;
    bool log_items;
    const CancelToken* cancel = nullptr;  // checked between items; null = never cancelled
    // Called after a page changed the estimate (items_total_estimate); may be empty.
    std::function<void()> estimate_changed;
  };
  explicit BackupRun(Deps deps) : d_(std::move(deps)) {}

  // Lists (or fetches) the task's items and queues their entries. Errors are recorded.
  void RunTask(const ListTask& task);

  // True once the tarball writer failed; workers stop taking tasks.
  bool aborted() const { return aborted_.load(); }
  // Aborted, or cancelled: workers stop at the next item, page or task.
  bool stopping() const { return aborted() || (d_.cancel != nullptr && d_.cancel->cancelled()); }
  int64_t items_seen() const { return estimate_.seen(); }
  // The items the backup expects to write (ProgressEstimate), never below `done`.
  int64_t items_total_estimate(int64_t done) const { return estimate_.Total(done); }
  int64_t items_failed() const { return items_failed_.load(); }
  int64_t resources_failed() const { return resources_failed_.load(); }
  std::vector<std::string> errors() const;
  std::vector<std::string> warnings() const;
  VolumeBackups& volume_backups() { return volume_backups_; }

 private:
  // An item of a LIST page: its entry framed into `batch` straight from the listed text
  // with `edit` (EntryEdit of the page), its names read in the same pass; then checked and
  // deduped (or taken back out), its actions run, and the items they name backed up after
  // it. The item is parsed only if an action asks for its tree.
  // `text` starts with the item and may run on to the end of the page (RawListPage::WalkItems);
  // returns the item's length, or npos when no well-formed item starts there.
  // `gr` is resource.GroupResource(), made once per task, not per item.
  size_t BackupListedItem(const kube::ApiResource& resource, const std::string& gr,
                          const kube::RawListPage& page, const json_scan::TopLevelEdit& edit,
                          std::string_view text, archive::TarBatch* batch);
  // Whether the item passes the backup's filters, is not left out for `left_out` (a
  // NotBackedUpReason, logged) and was not taken yet; claims and logs it.
  bool Select(const kube::ApiResource& resource, const std::string& gr, const std::string& ns,
              const std::string& name, const std::optional<std::string>& left_out);
  // Runs the item actions of the group-resource `gr`, appending the items they name to
  // `additional`; false when one failed (recorded), and the item is then not written.
  bool RunActions(const std::string& gr, const std::string& ns, const std::string& name,
                  const ItemView& item, std::vector<ItemRef>* additional);
  // Runs the `phase` hooks of `pod` (namespace `ns`, name `name`) and logs them. False when
  // one with onError=Fail failed (recorded as an item error); a failure with
  // onError=Continue is only logged.
  bool RunHooks(const std::string& ns, const std::string& name, const nlohmann::json& pod,
                HookPhase phase);
  // An item read with GET (a namespace, an item an action named).
  void BackupItem(const kube::ApiResource& resource, nlohmann::json item, archive::TarBatch* batch);
  void BackupAdditional(const ItemRef& ref, archive::TarBatch* batch);
  // Pushes `batch` to the writer and starts a new one; false (and aborted) when the writer
  // failed.
  bool Flush(archive::TarBatch* batch);
  // Records the message and logs it with `fields` (the item's resource, namespace and name,
  // which `ark backup describe` groups messages by).
  void AddError(std::string message, const LogFields& fields = {});
  void AddWarning(std::string message, const LogFields& fields = {});

  Deps d_;
  std::atomic<bool> aborted_{false};
  ProgressEstimate estimate_;
  std::atomic<int64_t> items_failed_{0};
  std::atomic<int64_t> resources_failed_{0};
  VolumeBackups volume_backups_;

  ClaimedItems claimed_;
  mutable std::mutex mu_;
  std::vector<std::string> errors_;    // guarded by mu_
  std::vector<std::string> warnings_;  // guarded by mu_
};

}  // namespace ark::backup
