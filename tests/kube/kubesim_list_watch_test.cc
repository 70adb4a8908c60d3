// Paged LIST and WATCH against kubesim over HTTPS with a bearer token.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "kube/status_mapping.h"
#include "kubesim_fixture.h"
#include "util/json_scan.h"
#include "util/percent_encode.h"

namespace ark::kube {
namespace {

using testing::ConfigMap;
using testing::kConfigMapsGvr;
using testing::kNamespacesGvr;
using testing::KubesimClients;
using testing::Namespace;

ListOptions Limit(int64_t limit, std::string field_selector = "") {
  ListOptions options;
  options.limit = limit;
  options.field_selector = std::move(field_selector);
  return options;
}

WatchOptions From(std::string resource_version, int timeout_seconds = 0) {
  WatchOptions options;
  options.resource_version = std::move(resource_version);
  options.allow_bookmarks = false;
  options.timeout_seconds = timeout_seconds;
  return options;
}

std::string Name(int i) {
  char buf[16];
  snprintf(buf, sizeof buf, "cm-%05d", i);
  return buf;
}

// Creates `count` config maps named cm-00000... in `ns` from 32 threads.
void CreateMany(DynamicClient& c, const std::string& ns, int count) {
  ASSERT_TRUE(c.Create(kNamespacesGvr, "", Namespace(ns)).ok());
  std::atomic<int> next{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        if (!c.Create(kConfigMapsGvr, ns, ConfigMap(ns, Name(i), {{"i", std::to_string(i)}}))
                 .ok()) {
          ++failed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failed.load(), 0);
}

// As an API server does: each page but the last says how many items follow it, unless a
// selector makes that unknowable; ListRaw hands the count over.
TEST(KubesimList, PagesSayHowManyItemsRemain) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  CreateMany(*k->client, "count", 1'003);
  std::vector<int64_t> remaining;
  ListOptions options = Limit(500);
  options.split_items = false;
  Status status = k->client->ListRaw(kConfigMapsGvr, "count", options, [&](RawListPage& page) {
    remaining.push_back(page.remaining_item_count);
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  int64_t total = 0;  // 1,003 and what the cluster adds to a namespace (kube-root-ca.crt)
  ASSERT_TRUE(k->client
                  ->List(kConfigMapsGvr, "count", ListOptions{},
                         [&](ListPage& page) {
                           total += static_cast<int64_t>(page.items.size());
                           return Status::Ok();
                         })
                  .ok());
  ASSERT_GE(total, 1'003);
  ASSERT_LT(total, 1'500);
  EXPECT_EQ(remaining, (std::vector<int64_t>{total - 500, total - 1'000, -1}));

  remaining.clear();
  options.label_selector = "missing!=x";
  status = k->client->ListRaw(kConfigMapsGvr, "count", options, [&](RawListPage& page) {
    remaining.push_back(page.remaining_item_count);
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(remaining, (std::vector<int64_t>{-1, -1, -1}));
}

TEST(KubesimList, TenThousandObjectsInPagesOf500) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  CreateMany(*k->client, "big", 10'000);
  int pages = 0;
  size_t largest_page = 0;
  std::set<std::string> names;
  Status status = k->client->List(kConfigMapsGvr, "big", Limit(500), [&](ListPage& page) {
    ++pages;
    largest_page = std::max(largest_page, page.items.size());
    EXPECT_FALSE(page.resource_version.empty());
    for (const auto& item : page.items) {
      // The server omits these on list items; the client restores them.
      EXPECT_EQ(item["apiVersion"], "v1");
      EXPECT_EQ(item["kind"], "ConfigMap");
      names.insert(item["metadata"]["name"].get<std::string>());
    }
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  // 10,000 and the namespace's kube-root-ca.crt, which every namespace has.
  EXPECT_EQ(pages, 21);
  EXPECT_EQ(largest_page, 500u);  // one page held at a time, never the whole list
  EXPECT_EQ(names.size(), 10'001u);

  // ListRaw hands over the same items unparsed: spans of the page's body, each one object,
  // with the kind the list names.
  std::set<std::string> raw_names;
  pages = 0;
  status = k->client->ListRaw(kConfigMapsGvr, "big", Limit(500), [&](RawListPage& page) {
    ++pages;
    EXPECT_LE(page.items.size(), 500u);
    EXPECT_EQ(page.api_version, "v1");
    EXPECT_EQ(page.kind, "ConfigMap");
    for (std::string_view item : page.items) {
      EXPECT_GE(item.data(), page.body.data());
      EXPECT_LE(item.data() + item.size(), page.body.data() + page.body.size());
      raw_names.insert(nlohmann::json::parse(item)["metadata"]["name"].get<std::string>());
    }
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(pages, 21);
  EXPECT_EQ(raw_names, names);

  // Unsplit, the items arrive as the page's text and the caller's reader finds each one's
  // end: the reader sees the rest of the page from each item on, and the walk records the
  // items it read.
  std::set<std::string> walked_names;
  pages = 0;
  ListOptions unsplit = Limit(500);
  unsplit.split_items = false;
  status = k->client->ListRaw(kConfigMapsGvr, "big", unsplit, [&](RawListPage& page) {
    ++pages;
    EXPECT_TRUE(page.items.empty());
    size_t read = 0;
    Status walked = page.WalkItems([&](std::string_view text) {
      const size_t end = json_scan::ValueEnd(text, 0);
      EXPECT_GT(text.size(), end);  // the page goes on: at least the array's ']'
      walked_names.insert(
          nlohmann::json::parse(text.substr(0, end))["metadata"]["name"].get<std::string>());
      ++read;
      return end;
    });
    EXPECT_TRUE(walked.ok()) << walked.ToString();
    EXPECT_EQ(page.items.size(), read);
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(pages, 21);
  EXPECT_EQ(walked_names, names);

  // Selectors pass through; an error from the callback stops the list and comes back.
  int selected = 0;
  status = k->client->List(kConfigMapsGvr, "big", Limit(500, "metadata.name=cm-00042"),
                           [&](ListPage& page) {
                             selected += static_cast<int>(page.items.size());
                             return Status::Ok();
                           });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(selected, 1);
  status = k->client->List(kConfigMapsGvr, "big", Limit(100),
                           [&](ListPage&) { return Status(Code::kAborted, "enough"); });
  EXPECT_EQ(status.code(), Code::kAborted);
}

// Split pages and pages the caller walks (RawListPage::WalkItems) restart alike.
class ExpiredContinueToken : public ::testing::TestWithParam<bool> {};

TEST_P(ExpiredContinueToken, RestartsWithoutDuplicatesOrGaps) {
  const bool split_items = GetParam();
  auto k = KubesimClients::Start({"--compaction-window-seconds", "1"});
  ASSERT_NE(k, nullptr);
  CreateMany(*k->client, "exp", 600);
  std::vector<std::string> delivered;
  int pages = 0;
  ListOptions options = Limit(100);
  options.split_items = split_items;
  Status status = k->client->ListRaw(kConfigMapsGvr, "exp", options, [&](RawListPage& page) {
    Status walked = page.WalkItems([&](std::string_view text) {
      const size_t end = json_scan::ValueEnd(text, 0);
      delivered.push_back(json_scan::StringAt(text.substr(0, end), "metadata", "name"));
      return end;
    });
    if (!walked.ok()) return walked;
    if (++pages != 2) return Status::Ok();
    // While the list is between pages: one object appears before the cursor (it is not
    // delivered: the list has passed it), one after it (it is), and one after it goes away.
    EXPECT_TRUE(k->client->Create(kConfigMapsGvr, "exp", ConfigMap("exp", "cm-00000a")).ok());
    EXPECT_TRUE(k->client->Create(kConfigMapsGvr, "exp", ConfigMap("exp", "cm-00400a")).ok());
    EXPECT_TRUE(k->client->Delete(kConfigMapsGvr, "exp", Name(500)).ok());
    // Wait until a continue token issued now has expired; the pager's is older still.
    http::Request probe;
    probe.url = "/api/v1/namespaces/exp/configmaps?limit=1";
    auto first = k->rest->Do(probe, true);
    EXPECT_TRUE(first.ok());
    std::string fresh = nlohmann::json::parse(first->body)["metadata"]["continue"];
    for (int i = 0; i < 400; ++i) {
      http::Request again;
      again.url = "/api/v1/namespaces/exp/configmaps?limit=1&continue=" + PercentEncode(fresh);
      auto r = k->rest->Do(again, true);
      if (!r.ok() && r.status().code() == Code::kGone) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling the server's clock
    }
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::set<std::string> unique(delivered.begin(), delivered.end());
  EXPECT_EQ(unique.size(), delivered.size()) << "duplicates delivered";
  std::set<std::string> want;
  for (int i = 0; i < 600; ++i) {
    if (i != 500) want.insert(Name(i));
  }
  want.insert("cm-00400a");
  want.insert("kube-root-ca.crt");  // every namespace has it
  EXPECT_EQ(unique, want);
  EXPECT_TRUE(std::is_sorted(delivered.begin(), delivered.end()));
}

INSTANTIATE_TEST_SUITE_P(KubesimList, ExpiredContinueToken, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Split" : "Unsplit"; });

TEST(KubesimWatch, ResumesAfterTheServerEndsTheStream) {
  MemorySink sink;
  Logger logger(sink, LogLevel::kDebug);
  auto k = KubesimClients::Start({}, &logger);
  ASSERT_NE(k, nullptr);
  auto& c = *k->client;
  ASSERT_TRUE(c.Create(kNamespacesGvr, "", Namespace("w")).ok());
  auto watch_requests = [&] {
    int n = 0;
    for (const auto& line : sink.Lines()) {
      if (line.find("msg=\"HTTP request\"") != std::string::npos &&
          line.find("method=GET") != std::string::npos &&
          line.find("/namespaces/w/configmaps") != std::string::npos) {
        ++n;
      }
    }
    return n;
  };
  // Start from the namespace's resourceVersion so every create is seen.
  std::string rv;
  ASSERT_TRUE(c.List(kConfigMapsGvr, "w", {}, [&](ListPage& page) {
                 rv = page.resource_version;
                 return Status::Ok();
               }).ok());

  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::thread creator([&] {
    // Keep creating until the watch has been re-opened twice (the server ends each stream
    // after timeoutSeconds=1).
    for (int i = 0; !stop && (watch_requests() < 3 || i < 5); ++i) {
      if (c.Create(kConfigMapsGvr, "w", ConfigMap("w", Name(i))).ok()) ++created;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // pacing, not synchronization
    }
    if (c.Create(kConfigMapsGvr, "w", ConfigMap("w", "last")).ok()) ++created;
  });
  std::vector<std::string> seen;
  Status status = c.Watch(kConfigMapsGvr, "w", From(rv, 1), [&](WatchEvent& event) {
    if (event.type != "ADDED") return true;
    seen.push_back(event.object["metadata"]["name"]);
    return seen.back() != "last";
  });
  stop = true;
  creator.join();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_GE(watch_requests(), 3);
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "an event was delivered twice";
  EXPECT_EQ(static_cast<int>(seen.size()), created.load()) << "an event was lost";
}

TEST(KubesimWatch, RelistsWhenTheResourceVersionIsTooOld) {
  auto k = KubesimClients::Start({"--watch-history", "5"});
  ASSERT_NE(k, nullptr);
  auto& c = *k->client;
  CreateMany(c, "old", 20);
  std::set<std::string> added;
  std::atomic<bool> listed{false};
  std::thread creator;
  Status status = c.Watch(kConfigMapsGvr, "old", From("1"), [&](WatchEvent& event) {
    if (event.type != "ADDED") return true;
    added.insert(event.object["metadata"]["name"].get<std::string>());
    if (added.size() == 21 && !listed.exchange(true)) {  // 20 and kube-root-ca.crt
      creator = std::thread(
          [&] { EXPECT_TRUE(c.Create(kConfigMapsGvr, "old", ConfigMap("old", "after")).ok()); });
    }
    return !added.contains("after");
  });
  if (creator.joinable()) creator.join();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(added.size(), 22u);
}

TEST(KubesimWatch, StopsWhenTheReaderSaysSo) {
  auto k = KubesimClients::Start();
  ASSERT_NE(k, nullptr);
  auto& c = *k->client;
  CreateMany(c, "stop", 3);
  int events = 0;
  Status status =
      c.Watch(kConfigMapsGvr, "stop", From("0"), [&](WatchEvent&) { return ++events < 2; });
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(events, 2);
}

}  // namespace
}  // namespace ark::kube
