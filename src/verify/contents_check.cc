#include "verify/contents_check.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "util/json_access.h"
#include "util/sha256.h"

namespace ark::verify {
namespace {

std::string EntryPlace(const std::string& path) { return "contents:" + path; }

// The API group of an apiVersion ("apps/v1" -> "apps", "v1" -> "").
std::string GroupOf(const std::string& api_version) {
  size_t slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

// The group of a group-resource ("deployments.apps" -> "apps", "pods" -> "").
std::string GroupOfResource(const std::string& group_resource) {
  size_t dot = group_resource.find('.');
  return dot == std::string::npos ? "" : group_resource.substr(dot + 1);
}

}  // namespace

ContentsCheck::ContentsCheck(bool have_manifest, bool deep, Findings& findings)
    : have_manifest_(have_manifest), deep_(deep), findings_(findings) {}

Status ContentsCheck::OnEntry(const archive::TarEntry& entry) {
  VerifyReport& report = findings_.report();
  ++report.entries;
  Result<std::optional<archive::ItemLocation>> item = archive::ParseItemPath(entry.path);
  if (!item.ok()) {
    findings_.Problem(EntryPlace(entry.path),
                      "not a path Ark or Velero writes: " + item.status().message());
  } else if (item->has_value()) {
    ++report.resources[(*item)->group_resource];
  }
  if (have_manifest_) {
    Sha256 hash;
    hash.Update(entry.content);
    read_.push_back({entry.path, {static_cast<int64_t>(entry.content.size()), hash.HexDigest()}});
  }
  // Without a manifest, parsing every object is the only check of its bytes.
  if (deep_ || !have_manifest_) {
    CheckObject(entry, item.ok() && item->has_value() ? &**item : nullptr);
  }
  return Status::Ok();
}

void ContentsCheck::CheckObject(const archive::TarEntry& entry, const archive::ItemLocation* item) {
  if (item == nullptr) return;  // metadata/version and the like are not objects
  nlohmann::json object = nlohmann::json::parse(entry.content, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return findings_.Problem(EntryPlace(entry.path), "not valid JSON");
  if (!object.is_object()) return findings_.Problem(EntryPlace(entry.path), "not a JSON object");
  if (!deep_) return;
  const std::string kind = Str(object, "kind");
  const std::string api_version = Str(object, "apiVersion");
  const nlohmann::json& meta = Obj(object, "metadata");
  const std::string name = Str(meta, "name");
  const std::string ns = Str(meta, "namespace");
  auto mismatch = [&](const std::string& what) { findings_.Problem(EntryPlace(entry.path), what); };
  if (kind.empty() || api_version.empty()) {
    return mismatch("not a Kubernetes object (no kind or apiVersion)");
  }
  // The kind's plural is the server's to say (CRDs choose freely); the group is not.
  if (GroupOf(api_version) != GroupOfResource(item->group_resource)) {
    mismatch("apiVersion \"" + api_version + "\" is not of the group of " + item->group_resource);
  }
  if (name != item->name) {
    mismatch(kind + " is named \"" + name + "\", its path says \"" + item->name + "\"");
  }
  if (ns != item->ns) {
    mismatch(kind + " is in namespace \"" + ns + "\", its path says \"" + item->ns + "\"");
  }
}

void ContentsCheck::Finish(const TarballWalk& walk, const api::BackupManifest* manifest) {
  if (!walk.defect.ok()) {
    findings_.Problem("contents",
                      walk.defect.message() + (walk.last_entry.empty()
                                                   ? std::string(" (before the first entry)")
                                                   : " (after entry " + walk.last_entry + ")"));
  } else {
    findings_.Check("tarball: reads whole, " + std::to_string(walk.entries) + " entries");
  }
  if (manifest != nullptr) return CompareWithManifest(walk, *manifest);
  if (have_manifest_ && !deep_) {
    findings_.Check("entries: not parsed and not compared (the manifest could not be read)");
  }
  findings_.Check("tarball: " + Bytes(walk.whole.size) +
                  ", no manifest to check its digests against");
}

void ContentsCheck::CompareWithManifest(const TarballWalk& walk,
                                        const api::BackupManifest& manifest) {
  const api::FileDigest& want = manifest.contents;
  if (walk.whole.size != want.size) {
    findings_.Problem("contents", "size " + Bytes(walk.whole.size) + ", manifest says " +
                                      std::to_string(want.size));
  } else if (walk.whole.sha256 != want.sha256) {
    findings_.Problem("contents", "sha256 differs from the manifest");
  } else {
    findings_.Check("tarball: " + Bytes(walk.whole.size) + ", sha256 matches the manifest");
  }

  struct Expected {
    const api::FileDigest* digest;
    bool seen = false;
  };
  std::unordered_map<std::string, Expected> expected;  // by path
  expected.reserve(manifest.entries.size());
  for (const api::ManifestEntry& e : manifest.entries)
    expected.emplace(e.path, Expected{&e.digest});
  int64_t mismatched = 0;
  for (const api::ManifestEntry& got : read_) {
    auto it = expected.find(got.path);
    if (it == expected.end()) {
      findings_.Problem(EntryPlace(got.path), "not in the manifest");
      continue;
    }
    if (it->second.seen) {
      findings_.Problem(EntryPlace(got.path), "appears more than once in the tarball");
      continue;
    }
    it->second.seen = true;
    const api::FileDigest& digest = *it->second.digest;
    if (got.digest.size != digest.size) {
      ++mismatched;
      findings_.Problem(EntryPlace(got.path), "size " + Bytes(got.digest.size) +
                                                  ", manifest says " + std::to_string(digest.size));
    } else if (got.digest.sha256 != digest.sha256) {
      ++mismatched;
      findings_.Problem(EntryPlace(got.path), "sha256 differs from the manifest");
    }
  }

  int64_t unread = 0;
  for (const api::ManifestEntry& e : manifest.entries) {
    if (expected.at(e.path).seen) continue;
    if (!walk.defect.ok()) {
      ++unread;  // cut off by the defect, already reported once
    } else {
      findings_.Problem(EntryPlace(e.path), "missing from the tarball");
    }
  }
  if (unread > 0) {
    findings_.Problem("contents", std::to_string(unread) +
                                      " entries of the manifest could not be read past the defect");
  }
  if (walk.defect.ok() && mismatched == 0 && unread == 0) {
    findings_.Check("entries: " + std::to_string(manifest.entries.size()) +
                    " in the manifest, each size and sha256 matches");
  }

  const VerifyReport& report = findings_.report();
  std::map<std::string, int64_t> counts = manifest.resources;
  for (const auto& [resource, n] : report.resources) counts.try_emplace(resource, 0);
  bool counts_match = true;
  for (const auto& [resource, want_count] : counts) {
    auto it = report.resources.find(resource);
    const int64_t got = it == report.resources.end() ? 0 : it->second;
    if (got != want_count) {
      counts_match = false;
      if (walk.defect.ok()) {
        findings_.Problem("contents", resource + ": " + std::to_string(got) +
                                          " objects, manifest says " + std::to_string(want_count));
      }
    }
  }
  if (counts_match) {
    findings_.Check("resources: " + std::to_string(counts.size()) +
                    " group-resources, counts match the manifest");
  }
}

}  // namespace ark::verify
