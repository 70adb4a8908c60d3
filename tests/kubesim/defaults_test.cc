// The pure pieces of kubesim's realism: defaulting, Go-style values in messages, quantities,
// immutable fields and credentials. Expected values are what kube-apiserver v1.26.9 answered
// (tests/cluster/kubesim_parity_test.cc checks the same behaviours on both servers).
#include <gtest/gtest.h>

#include "kubesim/access.h"
#include "kubesim/go_values.h"
#include "kubesim/immutable_fields.h"
#include "kubesim/object_defaults.h"
#include "kubesim/pod_defaults.h"
#include "kubesim/quantity.h"

namespace ark::kubesim {
namespace {

using nlohmann::json;

ResourceInfo CoreResource(const std::string& name, const std::string& kind) {
  ResourceInfo r;
  r.version = "v1";
  r.name = name;
  r.kind = kind;
  return r;
}

TEST(PodDefaultsTest, ImagePullPolicyFollowsTheTag) {
  struct Case {
    std::string image;
    std::string policy;
  };
  const std::vector<Case> cases = {
      {"nginx", "Always"},
      {"nginx:latest", "Always"},
      {"nginx:1.25", "IfNotPresent"},
      {"localhost:5000/nginx", "Always"},
      {"localhost:5000/nginx:1", "IfNotPresent"},
      {"nginx@sha256:0123", "IfNotPresent"},
      {"nginx:latest@sha256:0123", "Always"},
      {"", "IfNotPresent"},
  };
  for (const Case& c : cases) {
    json spec = {{"containers", {{{"name", "c"}, {"image", c.image}}}}};
    DefaultPodSpec(spec);
    EXPECT_EQ(spec["containers"][0]["imagePullPolicy"], c.policy) << c.image;
  }
}

TEST(PodDefaultsTest, SetFieldsAreKeptAndMissingOnesDefaulted) {
  json spec = json::parse(R"({"restartPolicy":"Never","serviceAccount":"old",
      "containers":[{"name":"c","image":"x:1","imagePullPolicy":"Never","ports":[{"containerPort":8080}]}],
      "volumes":[{"name":"scratch"},{"name":"conf","configMap":{"name":"c","defaultMode":256}}]})");
  DefaultPodSpec(spec);
  EXPECT_EQ(spec, json::parse(
                      R"({"restartPolicy":"Never","serviceAccount":"old","serviceAccountName":"old",
      "terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},
      "schedulerName":"default-scheduler",
      "containers":[{"name":"c","image":"x:1","imagePullPolicy":"Never",
                     "ports":[{"containerPort":8080,"protocol":"TCP"}],"resources":{},
                     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
      "volumes":[{"name":"scratch","emptyDir":{}},{"name":"conf","configMap":{"name":"c","defaultMode":256}}]})"));
}

TEST(PodDefaultsTest, QosClass) {
  struct Case {
    std::string resources;  // of the one container
    std::string qos;
  };
  const std::vector<Case> cases = {
      {"{}", "BestEffort"},
      {R"({"requests":{"cpu":"100m"}})", "Burstable"},
      {R"({"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}})",
       "Guaranteed"},
      {R"({"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1000m","memory":"1024Mi"}})",
       "Guaranteed"},
      {R"({"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m","memory":"1Gi"}})",
       "Burstable"},
      {R"({"limits":{"cpu":"1"},"requests":{"cpu":"1"}})", "Burstable"},
  };
  for (const Case& c : cases) {
    json spec = {{"containers", {{{"name", "c"}, {"resources", json::parse(c.resources)}}}}};
    EXPECT_EQ(PodQosClass(spec), c.qos) << c.resources;
  }
}

TEST(ObjectDefaultsTest, SecretStringDataIsFoldedIntoData) {
  const ResourceInfo secrets = CoreResource("secrets", "Secret");
  json secret =
      json::parse(R"({"metadata":{"name":"s"},"data":{"a":"MQ=="},"stringData":{"b":"two"}})");
  DefaultObject(secrets, secret, nullptr);
  EXPECT_EQ(secret, json::parse(R"({"metadata":{"name":"s"},"type":"Opaque",
                                    "data":{"a":"MQ==","b":"dHdv"}})"));
}

TEST(GoValuesTest, RenderAsGoPrintsThem) {
  EXPECT_EQ(GoStringSlice(json::parse(R"(["10.96.0.1"])")), R"([]string{"10.96.0.1"})");
  EXPECT_EQ(GoStringSlice(json()), "[]string(nil)");
  EXPECT_EQ(GoStringMap(json::parse(R"({"b":"2","a":"1"})")),
            R"(map[string]string{"a":"1", "b":"2"})");
  EXPECT_EQ(
      GoLabelSelector(json::parse(R"({"matchLabels":{"app":"web2"}})")),
      R"(v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)})");
  EXPECT_EQ(
      GoLabelSelector(json::parse(
          R"({"matchExpressions":[{"key":"app","operator":"In","values":["web","b"]}]})")),
      R"(v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string{"web", "b"}}}})");
  EXPECT_EQ(GoScalar(json("a\"b")), R"("a\"b")");
  EXPECT_EQ(GoScalar(json(3)), "3");
}

TEST(QuantityTest, ParsesTheKubernetesSuffixes) {
  EXPECT_EQ(ParseQuantity("1Gi"), 1024.0 * 1024 * 1024);
  EXPECT_EQ(ParseQuantity("500m"), 0.5);
  EXPECT_EQ(ParseQuantity("2k"), 2000.0);
  EXPECT_EQ(ParseQuantity("1e3"), 1000.0);
  EXPECT_EQ(ParseQuantity("1.5"), 1.5);
  EXPECT_EQ(ParseQuantity("Gi"), std::nullopt);
  EXPECT_EQ(ParseQuantity("1Qi"), std::nullopt);
}

TEST(ImmutableFieldsTest, ClaimsMayGrowWhenBoundOnly) {
  const ResourceInfo claims = CoreResource("persistentvolumeclaims", "PersistentVolumeClaim");
  auto claim = [](const std::string& size, const std::string& phase) {
    return json{
        {"metadata", {{"name", "data"}}},
        {"spec",
         {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", size}}}}}}},
        {"status", {{"phase", phase}}}};
  };
  EXPECT_EQ(CheckImmutableFields(claims, claim("1Gi", "Bound"), claim("2Gi", "Bound")),
            std::nullopt);
  auto pending = CheckImmutableFields(claims, claim("1Gi", "Pending"), claim("2Gi", "Pending"));
  ASSERT_TRUE(pending.has_value());
  EXPECT_EQ(pending->details["causes"][0]["field"], "spec");
  auto shrunk = CheckImmutableFields(claims, claim("2Gi", "Bound"), claim("1Gi", "Bound"));
  ASSERT_TRUE(shrunk.has_value());
  EXPECT_EQ(shrunk->message,
            "PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: "
            "Forbidden: field can not be less than previous value");
  // spec.volumeName may be set once.
  json named = claim("1Gi", "Pending");
  named["spec"]["volumeName"] = "pv1";
  EXPECT_EQ(CheckImmutableFields(claims, claim("1Gi", "Pending"), named), std::nullopt);
}

TEST(AccessTest, WrongTokensAre401AndMissingOnesAnonymous) {
  struct Case {
    std::string authorization;
    std::string path;
    bool anonymous_auth;
    int code;  // 0: served
  };
  const std::vector<Case> cases = {
      {"Bearer s3cret", "/api/v1/namespaces", true, 0},
      {"bearer s3cret", "/api/v1/namespaces", true, 0},
      {"Bearer wrong", "/healthz", true, 401},
      {"", "/healthz", true, 0},
      {"", "/version", true, 0},
      {"", "/version/", true, 0},
      {"", "/api", true, 403},
      {"", "/api/v1/namespaces", true, 403},
      {"Basic dTpw", "/api/v1/namespaces", true, 403},
      {"", "/healthz", false, 401},
  };
  for (const Case& c : cases) {
    ApiRequest req;
    req.method = "GET";
    req.path = c.path;
    req.authorization = c.authorization;
    Route route = ParseRoute(
        c.path, [](const std::string&, const std::string&, const std::string&) { return true; });
    auto denied = CheckAccess({.token = "s3cret", .anonymous_auth = c.anonymous_auth}, req, route);
    EXPECT_EQ(denied ? denied->code : 0, c.code) << c.authorization << " " << c.path;
  }
  ApiRequest anyone;
  anyone.method = "GET";
  anyone.path = "/api/v1/namespaces";
  EXPECT_EQ(CheckAccess({}, anyone, Route{}), std::nullopt);
}

}  // namespace
}  // namespace ark::kubesim
