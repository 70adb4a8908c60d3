#include "backup/backup_run.h"

#include <chrono>
#include <functional>
#include <optional>

#include "archive/tar_paths.h"
#include "backup/skipped_items.h"
#include "util/json_canonical.h"
#include "util/json_compact_edit.h"
#include "util/json_scan.h"

namespace ark::backup {
namespace {

using nlohmann::json;

// A batch goes to the writer after this many items or bytes: enough to amortize the queue,
// small enough that workers and the compressor overlap.
constexpr size_t kFlushEveryItems = 64;
constexpr size_t kFlushBytes = 256 << 10;

std::string Describe(const std::string& gr, const std::string& ns, const std::string& name) {
  return gr + " " + (ns.empty() ? name : ns + "/" + name);
}

// What turns a listed item of `page` into its entry: `status` dropped, and apiVersion and
// kind added where the list's items leave them out (built-in kinds). Once per page.
json_scan::TopLevelEdit EntryEdit(const kube::RawListPage& page) {
  json_scan::TopLevelEdit edit;
  edit.drop = {"status"};
  std::string api_version;
  json_scan::AppendQuoted(page.api_version, &api_version);
  edit.add_if_missing.emplace_back("apiVersion", std::move(api_version));
  if (!page.kind.empty()) {
    std::string kind;
    json_scan::AppendQuoted(page.kind, &kind);
    edit.add_if_missing.emplace_back("kind", std::move(kind));
  }
  return edit;
}

// Where a pod's hook annotations would be: its metadata's text when the entry copy found it,
// else the whole item. Searching the metadata alone spares reading the pod's spec again.
std::string_view HookAnnotationsText(std::string_view item, const json_scan::MemberSpans* spans) {
  if (spans == nullptr) return item;
  for (const auto& [key, value] : *spans) {
    if (key == "metadata") return value;
  }
  return item;
}

LogFields ItemFields(const std::string& gr, const std::string& ns, const std::string& name) {
  LogFields fields = {{"resource", gr}};
  if (!ns.empty()) fields.emplace_back("namespace", ns);
  fields.emplace_back("name", name);
  return fields;
}

const std::string* StringField(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

// NotBackedUpReason of a listed item: its metadata and status from the spans the entry copy
// found (they are the listed text, status included), else found in `item`. A status is looked
// for only where it can matter, so other items are not scanned to their end.
std::optional<std::string> ListedItemLeftOut(const std::string& gr, std::string_view item,
                                             const json_scan::MemberSpans* spans) {
  const bool status_matters = gr == "pods" || gr == "jobs.batch";
  std::string_view metadata, status;
  if (spans != nullptr) {
    for (const auto& [key, value] : *spans) {
      if (json_scan::KeyEquals(key, "metadata")) metadata = value;
      if (status_matters && json_scan::KeyEquals(key, "status")) status = value;
    }
  } else {
    metadata = json_scan::FindMember(item, "metadata");
    if (status_matters) status = json_scan::FindMember(item, "status");
  }
  return NotBackedUpReason(gr, metadata, status);
}

// NotBackedUpReason of an item read with GET (`item` still has its status).
std::optional<std::string> ItemLeftOut(const std::string& gr, const json& item) {
  auto member_text = [&](const char* key) {
    auto it = item.find(key);
    return it == item.end() ? std::string() : it->dump();
  };
  return NotBackedUpReason(gr, member_text("metadata"), member_text("status"));
}

}  // namespace

void BackupRun::RunTask(const ListTask& task) {
  const kube::GroupVersionResource gvr = task.resource.Gvr();
  const std::string gr = task.resource.GroupResource();
  archive::TarBatch batch = d_.writer->NewBatch();

  if (task.kind == ListTask::Kind::kNamespacesByName) {
    for (const std::string& name : task.names) {
      if (stopping()) return;
      auto ns = d_.client->Get(gvr, "", name);
      if (!ns.ok()) {
        if (ns.status().code() == Code::kNotFound) {
          AddWarning("namespace \"" + name + "\" is included but does not exist",
                     {{"namespace", name}});
        } else {
          ++resources_failed_;
          AddError("getting namespace \"" + name + "\": " + ns.status().ToString());
        }
        continue;
      }
      const json* labels = nullptr;
      if (auto md = ns->find("metadata"); md != ns->end() && md->is_object()) {
        if (auto l = md->find("labels"); l != md->end()) labels = &*l;
      }
      if (!d_.selector->Matches(labels ? *labels : json())) continue;
      BackupItem(task.resource, std::move(*ns), &batch);
    }
    Flush(&batch);
    return;
  }

  LogFields fields = {{"resource", gr}};
  if (!task.ns.empty()) fields.emplace_back("namespace", task.ns);
  d_.log->Info("Listing resource", fields);
  kube::ListOptions options;
  options.label_selector = d_.selector->ToString();
  options.limit = d_.page_size;
  // Each item is read once: found, checked and copied into its entry in the same pass.
  options.split_items = false;
  ProgressEstimate::List listed(estimate_);
  Status status = d_.client->ListRaw(gvr, task.ns, options, [&](kube::RawListPage& page) -> Status {
    const json_scan::TopLevelEdit edit = EntryEdit(page);
    // A page that says how many items follow it is full: the estimate counts its items now.
    if (page.remaining_item_count >= 0) {
      listed.Expect(page.remaining_item_count + d_.page_size);
      if (d_.estimate_changed) d_.estimate_changed();
    }
    size_t since_flush = 0;
    bool writer_failed = false;
    Status walked = page.WalkItems([&](std::string_view text) -> size_t {
      if (stopping()) {
        writer_failed = true;
        return json_scan::npos;  // stops the walk
      }
      listed.ItemListed();
      const size_t length = BackupListedItem(task.resource, gr, page, edit, text, &batch);
      if (++since_flush == kFlushEveryItems || batch.bytes().size() >= kFlushBytes) {
        since_flush = 0;
        writer_failed = !Flush(&batch);
        if (writer_failed) return json_scan::npos;
      }
      return length;
    });
    if (writer_failed || !Flush(&batch)) {
      return Cancelled("backup aborted: cancelled, or the tarball writer failed");
    }
    listed.Expect(page.remaining_item_count);
    return walked;
  });
  if (!status.ok() && !stopping()) {
    ++resources_failed_;
    std::string where = task.ns.empty() ? "" : " in namespace \"" + task.ns + "\"";
    AddError("listing " + gr + where + ": " + status.ToString());
  }
}

size_t BackupRun::BackupListedItem(const kube::ApiResource& resource, const std::string& gr,
                                   const kube::RawListPage& page,
                                   const json_scan::TopLevelEdit& edit, std::string_view text,
                                   archive::TarBatch* batch) {
  const size_t mark = batch->BeginEntry();
  json_scan::ObjectNames names;
  // The top-level members' spans, for item actions; reused, not allocated per item.
  thread_local json_scan::MemberSpans members;
  const json_scan::MemberSpans* spans = &members;
  size_t length = json_scan::AppendCompactEditedAt(text, batch->buffer(), edit, &names, &members);
  if (length == json_scan::npos) {
    spans = nullptr;  // the canonical writer does not report them
    length = json_scan::ValueEnd(text, 0);
    // Where no item can be found the page itself is malformed: the walk reports it.
    if (length == json_scan::npos) {
      batch->DropEntry(mark);
      return length;
    }
    if (!json_scan::AppendCanonical(text.substr(0, length), batch->buffer(), &edit, &names)) {
      batch->DropEntry(mark);
      ++items_failed_;
      AddError("backing up an item of " + gr + ": it is not well-formed JSON");
      return length;
    }
  }
  const std::string_view item = text.substr(0, length);
  if (names.name.empty()) {
    batch->DropEntry(mark);
    ++items_failed_;
    AddError("backing up an item of " + gr + ": it has no metadata.name");
    return length;
  }
  const std::string ns = resource.namespaced ? std::move(names.ns) : "";
  if (!Select(resource, gr, ns, names.name, ListedItemLeftOut(gr, item, spans))) {
    batch->DropEntry(mark);
    return length;
  }
  // A pod is parsed for its hooks only when it may have some.
  std::optional<json> pod;
  if (gr == "pods" && d_.hooks->MayHaveHooks(ns, HookAnnotationsText(item, spans))) {
    pod = json::parse(item, nullptr, false);
    if (!pod->is_object()) pod.reset();
    if (pod && !RunHooks(ns, names.name, *pod, HookPhase::kPre)) {
      batch->DropEntry(mark);
      return length;
    }
  }
  std::vector<ItemRef> additional;
  if (d_.actions.count(gr) != 0 &&
      !RunActions(gr, ns, names.name,
                  ItemView::FromText(item, page.api_version, page.kind, ns, spans), &additional)) {
    batch->DropEntry(mark);
    return length;
  }
  Status framed = batch->EndEntry(mark, archive::ItemPath(gr, ns, names.name));
  if (!framed.ok()) {
    ++items_failed_;
    AddError("backing up " + Describe(gr, ns, names.name) + ": " + framed.ToString(),
             ItemFields(gr, ns, names.name));
    return length;
  }
  if (pod) (void)RunHooks(ns, names.name, *pod, HookPhase::kPost);
  for (const ItemRef& ref : additional) BackupAdditional(ref, batch);
  return length;
}

bool BackupRun::Select(const kube::ApiResource& resource, const std::string& gr,
                       const std::string& ns, const std::string& name,
                       const std::optional<std::string>& left_out) {
  if (resource.namespaced) {
    if (!d_.namespaces->ShouldInclude(ns)) return false;
  } else if (resource.group.empty() && resource.name == "namespaces") {
    if (!d_.namespaces->ShouldInclude(name)) return false;
  } else if (d_.request->include_cluster_resources == false) {
    return false;
  }
  if (!d_.resources->ShouldInclude(gr)) return false;
  if (left_out) {
    LogFields fields = ItemFields(gr, ns, name);
    fields.emplace_back("reason", *left_out);
    d_.log->Info("Skipping item", fields);
    return false;
  }
  if (!claimed_.Claim(gr, ns, name)) return false;
  estimate_.ItemSeen();
  if (d_.log_items) {
    // A line per item: the fields are borrowed, not copied into strings.
    if (ns.empty()) {
      d_.log->Info("Backing up item", {{"resource", gr}, {"name", name}});
    } else {
      d_.log->Info("Backing up item", {{"resource", gr}, {"namespace", ns}, {"name", name}});
    }
  }
  return true;
}

bool BackupRun::RunActions(const std::string& gr, const std::string& ns, const std::string& name,
                           const ItemView& item, std::vector<ItemRef>* additional) {
  auto actions = d_.actions.find(gr);
  if (actions == d_.actions.end()) return true;
  Logger item_log = *d_.log;
  for (const auto& [k, v] : ItemFields(gr, ns, name)) item_log = item_log.With(k, v);
  ActionContext context{*d_.request, item_log, volume_backups_};
  for (ItemAction* action : actions->second) {
    item_log.Info("Executing custom action", {{"action", action->name()}});
    auto refs = action->Execute(context, item);
    if (!refs.ok()) {
      ++items_failed_;
      AddError("backing up " + Describe(gr, ns, name) + ": " + std::string(action->name()) + ": " +
                   refs.status().ToString(),
               ItemFields(gr, ns, name));
      return false;
    }
    additional->insert(additional->end(), refs->begin(), refs->end());
  }
  return true;
}

void BackupRun::BackupItem(const kube::ApiResource& resource, json item, archive::TarBatch* batch) {
  const std::string gr = resource.GroupResource();
  auto md = item.find("metadata");
  const std::string* name_p = md != item.end() ? StringField(*md, "name") : nullptr;
  if (name_p == nullptr || name_p->empty()) {
    ++items_failed_;
    AddError("backing up an item of " + gr + ": it has no metadata.name");
    return;
  }
  const std::string name = *name_p;
  const std::string* ns_p = StringField(*md, "namespace");
  const std::string ns = resource.namespaced && ns_p ? *ns_p : "";
  if (!Select(resource, gr, ns, name, ItemLeftOut(gr, item))) return;

  item.erase("status");
  const bool hooked = gr == "pods";
  if (hooked && !RunHooks(ns, name, item, HookPhase::kPre)) return;
  std::vector<ItemRef> additional;
  if (!RunActions(gr, ns, name, ItemView::FromTree(item, ns), &additional)) return;
  Status framed = batch->Add(archive::ItemPath(gr, ns, name),
                             item.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!framed.ok()) {
    ++items_failed_;
    AddError("backing up " + Describe(gr, ns, name) + ": " + framed.ToString(),
             ItemFields(gr, ns, name));
    return;
  }
  if (hooked) (void)RunHooks(ns, name, item, HookPhase::kPost);
  for (const ItemRef& ref : additional) BackupAdditional(ref, batch);
}

bool BackupRun::RunHooks(const std::string& ns, const std::string& name, const json& pod,
                         HookPhase phase) {
  const std::vector<PodHook> hooks = d_.hooks->Resolve(pod, phase);
  if (hooks.empty()) return true;
  Logger item_log = *d_.log;
  for (const auto& [k, v] : ItemFields("pods", ns, name)) item_log = item_log.With(k, v);
  for (const PodHook& hook : hooks) {
    std::string command;
    for (const std::string& a : hook.command) command += (command.empty() ? "" : " ") + a;
    LogFields fields = {{"hookSource", std::string(HookSourceName(hook.source))},
                        {"hookType", std::string(HookPhaseName(phase))},
                        {"container", hook.container},
                        {"command", command}};
    if (!hook.spec_name.empty()) fields.emplace_back("hookName", hook.spec_name);
    if (!hook.warning.empty()) item_log.Warn(hook.warning, fields);
    item_log.Info("running exec hook", fields);
    std::string failure;
    if (!hook.error.empty()) {
      failure = hook.error;
    } else if (d_.pod_executor == nullptr) {
      failure = "no pod exec client is configured";
    } else {
      kube::ExecRequest exec{ns, name, hook.container, hook.command,
                             std::chrono::duration_cast<std::chrono::milliseconds>(hook.timeout)};
      auto result = d_.pod_executor->Exec(exec);
      if (!result.ok()) {
        failure = result.status().ToString();
      } else {
        LogFields output = fields;
        output.emplace_back("exitCode", std::to_string(result->exit_code));
        output.emplace_back("stdout", result->out);
        output.emplace_back("stderr", result->err);
        item_log.Info("exec hook finished", output);
        if (result->exit_code != 0) {
          failure = "command exited with code " + std::to_string(result->exit_code);
        }
      }
    }
    if (failure.empty()) continue;
    std::string message = std::string(HookPhaseName(phase)) + " exec hook of pod " +
                          (ns.empty() ? name : ns + "/" + name) + " failed (container " +
                          hook.container + ", command [" + command + "]): " + failure;
    if (hook.continue_on_error) {
      item_log.Error(message + "; onError is Continue, the backup goes on", fields);
      continue;
    }
    ++items_failed_;
    AddError(message, ItemFields("pods", ns, name));
    return false;
  }
  return true;
}

void BackupRun::BackupAdditional(const ItemRef& ref, archive::TarBatch* batch) {
  const std::string what = Describe(ref.group_resource, ref.ns, ref.name);
  auto it = d_.plan->by_group_resource.find(ref.group_resource);
  if (it == d_.plan->by_group_resource.end()) {
    ++items_failed_;
    AddError("backing up additional item " + what + ": the API server serves no such resource");
    return;
  }
  if (claimed_.Contains(ref.group_resource, it->second.namespaced ? ref.ns : "", ref.name)) return;
  auto object = d_.client->Get(it->second.Gvr(), it->second.namespaced ? ref.ns : "", ref.name);
  if (!object.ok()) {
    if (object.status().code() == Code::kNotFound) {
      AddWarning("additional item " + what + " does not exist");
    } else {
      ++items_failed_;
      AddError("getting additional item " + what + ": " + object.status().ToString());
    }
    return;
  }
  BackupItem(it->second, std::move(*object), batch);
}

bool BackupRun::Flush(archive::TarBatch* batch) {
  if (batch->empty()) return !aborted();
  Status s = d_.writer->Push(std::move(*batch));
  *batch = d_.writer->NewBatch();
  if (!s.ok()) aborted_ = true;
  return s.ok();
}

void BackupRun::AddError(std::string message, const LogFields& fields) {
  d_.log->Error(message, fields);
  std::lock_guard<std::mutex> lock(mu_);
  errors_.push_back(std::move(message));
}

void BackupRun::AddWarning(std::string message, const LogFields& fields) {
  d_.log->Warn(message, fields);
  std::lock_guard<std::mutex> lock(mu_);
  warnings_.push_back(std::move(message));
}

std::vector<std::string> BackupRun::errors() const {
  std::lock_guard<std::mutex> lock(mu_);
  return errors_;
}

std::vector<std::string> BackupRun::warnings() const {
  std::lock_guard<std::mutex> lock(mu_);
  return warnings_;
}

}  // namespace ark::backup
