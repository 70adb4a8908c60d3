// The kube client's paths: a name or namespace is one path segment or an error, whatever the
// caller passes (a command-line argument, a spec's backupName, a bucket's folder name).
#include "kube/resource_path.h"

#include <gtest/gtest.h>

#include <atomic>

#include "kube/dynamic_client.h"
#include "kube/rest_client.h"
#include "stub_server.h"

namespace ark::kube {
namespace {

const GroupVersionResource kBackups{"ark.heptio.com", "v1", "backups"};
const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};

TEST(ResourcePath, BuildsCollectionAndObjectPaths) {
  EXPECT_EQ(*CollectionPath(kConfigMaps, "ns"), "/api/v1/namespaces/ns/configmaps");
  EXPECT_EQ(*CollectionPath(kConfigMaps, ""), "/api/v1/configmaps");
  EXPECT_EQ(*ObjectPath(kBackups, "heptio-ark", "nb"),
            "/apis/ark.heptio.com/v1/namespaces/heptio-ark/backups/nb");
  EXPECT_EQ(*ObjectPath(kBackups, "heptio-ark", "nb", "status"),
            "/apis/ark.heptio.com/v1/namespaces/heptio-ark/backups/nb/status");
  EXPECT_EQ(*ObjectPath({"", "v1", "namespaces"}, "", "default"), "/api/v1/namespaces/default");
}

TEST(ResourcePath, PercentEncodesWhatIsNotUnreserved) {
  EXPECT_EQ(*ObjectPath(kBackups, "ns", "a b"),
            "/apis/ark.heptio.com/v1/namespaces/ns/backups/a%20b");
  EXPECT_EQ(*ObjectPath(kBackups, "ns", "a?b#c;d"),
            "/apis/ark.heptio.com/v1/namespaces/ns/backups/a%3Fb%23c%3Bd");
  EXPECT_EQ(*ObjectPath(kBackups, "n s", "x"),
            "/apis/ark.heptio.com/v1/namespaces/n%20s/backups/x");
  EXPECT_EQ(*ObjectPath(kBackups, "ns", "a..b"),
            "/apis/ark.heptio.com/v1/namespaces/ns/backups/a..b");
}

TEST(ResourcePath, RefusesNamesThatWouldLeaveTheirSegment) {
  struct Case {
    std::string name, message;
  };
  const Case cases[] = {
      {"..", "name \"..\" may not be '.' or '..'"},
      {".", "name \".\" may not be '.' or '..'"},
      {"../../../../../../api/v1/namespaces/default/configmaps/victim",
       "name \"../../../../../../api/v1/namespaces/default/configmaps/victim\" may not contain "
       "'/'"},
      {"zzz/../nb", "name \"zzz/../nb\" may not contain '/'"},
      {"nb/", "name \"nb/\" may not contain '/'"},
      {"a%2Fb", "name \"a%2Fb\" may not contain '%'"},
      {"%2E%2E", "name \"%2E%2E\" may not contain '%'"},
  };
  for (const Case& c : cases) {
    auto path = ObjectPath(kBackups, "heptio-ark", c.name);
    ASSERT_FALSE(path.ok()) << c.name << " -> " << *path;
    EXPECT_EQ(path.status().code(), Code::kInvalidArgument) << c.name;
    EXPECT_EQ(path.status().message(), c.message);
  }
}

TEST(ResourcePath, RefusesNamespacesThatWouldLeaveTheirSegment) {
  for (const char* ns : {"..", ".", "a/b", "../kube-system", "a%2F"}) {
    EXPECT_EQ(CollectionPath(kConfigMaps, ns).status().code(), Code::kInvalidArgument) << ns;
    EXPECT_EQ(ObjectPath(kConfigMaps, ns, "x").status().code(), Code::kInvalidArgument) << ns;
  }
  EXPECT_EQ(CollectionPath(kConfigMaps, "..").status().message(),
            "namespace \"..\" may not be '.' or '..'");
}

TEST(ResourcePath, AnObjectPathNeedsAName) {
  // Without one the path names the collection: DELETE on it deletes every object.
  auto path = ObjectPath(kConfigMaps, "default", "");
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(path.status().message(), "configmaps: the object's name may not be empty");
}

// Every verb of the client goes through the checked paths: a hostile name reaches no server.
TEST(ResourcePath, TheClientSendsNothingForAHostileName) {
  testing::StubServer stub;
  std::atomic<int> requests{0};
  stub.server().set_pre_routing_handler([&](const httplib::Request&, httplib::Response& res) {
    ++requests;
    res.status = 200;
    res.set_content("{}", "application/json");
    return httplib::Server::HandlerResponse::Handled;
  });
  RestConfig config;
  config.server = stub.Start();
  auto rest = RestClient::New(config);
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  auto client = NewDynamicClient(*rest);

  const std::string victim = "../../../../../../api/v1/namespaces/default/configmaps/victim";
  EXPECT_EQ(client->Delete(kBackups, "heptio-ark", victim).code(), Code::kInvalidArgument);
  EXPECT_EQ(client->Delete(kBackups, "heptio-ark", "").code(), Code::kInvalidArgument);
  EXPECT_EQ(client->Get(kBackups, "heptio-ark", victim).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(client->Patch(kBackups, "heptio-ark", "..", PatchType::kMerge, "{}").status().code(),
            Code::kInvalidArgument);
  Json object = {{"metadata", {{"name", victim}}}};
  EXPECT_EQ(client->Update(kBackups, "heptio-ark", object).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(client->UpdateStatus(kBackups, "heptio-ark", object).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(client->Create(kBackups, "..", Json{{"metadata", {{"name", "x"}}}}).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(client->List(kBackups, "../default", {}, [](ListPage&) { return Status::Ok(); }).code(),
            Code::kInvalidArgument);
  EXPECT_EQ(client->Watch(kBackups, "..", {}, [](WatchEvent&) { return false; }).code(),
            Code::kInvalidArgument);
  EXPECT_EQ(requests.load(), 0);

  // A name that is merely odd travels encoded, as one segment.
  std::string seen;
  stub.server().set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    ++requests;
    seen = req.target;
    res.status = 200;
    res.set_content(R"({"metadata":{"name":"a b"}})", "application/json");
    return httplib::Server::HandlerResponse::Handled;
  });
  EXPECT_TRUE(client->Get(kBackups, "heptio-ark", "a b").ok());
  EXPECT_EQ(seen, "/apis/ark.heptio.com/v1/namespaces/heptio-ark/backups/a%20b");
  EXPECT_EQ(requests.load(), 1);
}

}  // namespace
}  // namespace ark::kube
