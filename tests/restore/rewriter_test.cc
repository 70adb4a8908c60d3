// Per-kind rewrites, skip rules and the existing-object comparison, table-driven.
#include <gtest/gtest.h>

#include "restore/item_rewriter.h"

namespace ark::restore {
namespace {

using Json = nlohmann::json;

struct RewriteCase {
  std::string name;
  std::string group_resource;
  std::string target_ns;
  Json in;
  Json want;
};

void PrintTo(const RewriteCase& c, std::ostream* os) { *os << c.name; }

class RewriteTest : public ::testing::TestWithParam<RewriteCase> {};

TEST_P(RewriteTest, ProducesTheSubmittedObject) {
  const RewriteCase& c = GetParam();
  Json obj = c.in;
  RewriteForRestore(c.group_resource, c.target_ns, "r1", obj);
  EXPECT_EQ(obj, c.want) << obj.dump(2);
}

const Json kFullMetadata = {
    {"name", "x"},
    {"namespace", "src"},
    {"uid", "3c1b"},
    {"resourceVersion", "42"},
    {"generation", 3},
    {"creationTimestamp", "2026-11-28T22:46:00Z"},
    {"selfLink", "/api/v1/namespaces/src/configmaps/x"},
    {"finalizers", {"f"}},
    {"ownerReferences", Json::array()},
    {"managedFields", Json::array({{{"manager", "kubectl"}}})},
    {"labels", {{"app", "nginx"}}},
    {"annotations", {{"a", "b"}}},
};

INSTANTIATE_TEST_SUITE_P(
    Kinds, RewriteTest,
    ::testing::Values(
        RewriteCase{"MetadataResetKeepsNameLabelsAnnotations",
                    "configmaps",
                    "dst",
                    {{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata", kFullMetadata},
                     {"data", {{"k", "v"}}},
                     {"status", {{"x", 1}}}},
                    {{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata",
                      {{"name", "x"},
                       {"namespace", "dst"},
                       {"labels", {{"app", "nginx"}, {"ark-restore", "r1"}}},
                       {"annotations", {{"a", "b"}}}}},
                     {"data", {{"k", "v"}}}}},
        RewriteCase{"ClusterScopedLosesNamespaceAndGetsLabel",
                    "clusterroles.rbac.authorization.k8s.io",
                    "",
                    {{"kind", "ClusterRole"}, {"metadata", {{"name", "view"}, {"uid", "u"}}}},
                    {{"kind", "ClusterRole"},
                     {"metadata", {{"name", "view"}, {"labels", {{"ark-restore", "r1"}}}}}}},
        RewriteCase{
            "PodLosesNodeNameAndTokenVolumes",
            "pods",
            "ns",
            {{"kind", "Pod"},
             {"metadata", {{"name", "p"}}},
             {"spec",
              {{"nodeName", "node-1"},
               {"volumes",
                {{{"name", "data"}, {"emptyDir", Json::object()}},
                 {{"name", "default-token-abcde"},
                  {"secret", {{"secretName", "default-token-abcde"}}}},
                 {{"name", "kube-api-access-x1y2z"}, {"projected", Json::object()}}}},
               {"initContainers",
                {{{"name", "init"},
                  {"volumeMounts",
                   {{{"name", "kube-api-access-x1y2z"}, {"mountPath", "/var/run"}}}}}}},
               {"containers",
                {{{"name", "c"},
                  {"volumeMounts",
                   {{{"name", "data"}, {"mountPath", "/data"}},
                    {{"name", "default-token-abcde"}, {"mountPath", "/var/run/secrets"}}}}}}}}}},
            {{"kind", "Pod"},
             {"metadata",
              {{"name", "p"}, {"namespace", "ns"}, {"labels", {{"ark-restore", "r1"}}}}},
             {"spec",
              {{"volumes", {{{"name", "data"}, {"emptyDir", Json::object()}}}},
               {"initContainers", {{{"name", "init"}, {"volumeMounts", Json::array()}}}},
               {"containers",
                {{{"name", "c"},
                  {"volumeMounts", {{{"name", "data"}, {"mountPath", "/data"}}}}}}}}}}},
        RewriteCase{"ServiceLosesClusterIPsAndNodePorts",
                    "services",
                    "ns",
                    {{"kind", "Service"},
                     {"metadata", {{"name", "s"}}},
                     {"spec",
                      {{"type", "LoadBalancer"},
                       {"clusterIP", "10.0.0.100"},
                       {"clusterIPs", {"10.0.0.100"}},
                       {"healthCheckNodePort", 30001},
                       {"ports", {{{"port", 80}, {"nodePort", 31234}}}}}}},
                    {{"kind", "Service"},
                     {"metadata",
                      {{"name", "s"}, {"namespace", "ns"}, {"labels", {{"ark-restore", "r1"}}}}},
                     {"spec", {{"type", "LoadBalancer"}, {"ports", {{{"port", 80}}}}}}}},
        RewriteCase{
            "HeadlessServiceKeepsClusterIPNone",
            "services",
            "ns",
            {{"kind", "Service"},
             {"metadata", {{"name", "s"}}},
             {"spec",
              {{"clusterIP", "None"}, {"clusterIPs", {"None"}}, {"ports", {{{"port", 80}}}}}}},
            {{"kind", "Service"},
             {"metadata",
              {{"name", "s"}, {"namespace", "ns"}, {"labels", {{"ark-restore", "r1"}}}}},
             {"spec",
              {{"clusterIP", "None"}, {"clusterIPs", {"None"}}, {"ports", {{{"port", 80}}}}}}}},
        RewriteCase{
            "ServiceKeepsWhatTheLastAppliedConfigurationSet",
            "services",
            "ns",
            {{"kind", "Service"},
             {"metadata",
              {{"name", "s"},
               {"annotations",
                {{"kubectl.kubernetes.io/last-applied-configuration",
                  R"({"spec":{"type":"NodePort","clusterIP":"10.96.200.10","ports":[)"
                  R"({"name":"http","port":80,"nodePort":30777},{"name":"admin","port":81}]}})"}}}}},
             {"spec",
              {{"type", "NodePort"},
               {"clusterIP", "10.96.200.10"},
               {"clusterIPs", {"10.96.200.10"}},
               {"ports",
                {{{"name", "http"}, {"port", 80}, {"nodePort", 30777}},
                 {{"name", "admin"}, {"port", 81}, {"nodePort", 31999}}}}}}},
            {{"kind", "Service"},
             {"metadata",
              {{"name", "s"},
               {"namespace", "ns"},
               {"labels", {{"ark-restore", "r1"}}},
               {"annotations",
                {{"kubectl.kubernetes.io/last-applied-configuration",
                  R"({"spec":{"type":"NodePort","clusterIP":"10.96.200.10","ports":[)"
                  R"({"name":"http","port":80,"nodePort":30777},{"name":"admin","port":81}]}})"}}}}},
             {"spec",
              {{"type", "NodePort"},
               {"clusterIP", "10.96.200.10"},
               {"clusterIPs", {"10.96.200.10"}},
               {"ports",
                {{{"name", "http"}, {"port", 80}, {"nodePort", 30777}},
                 {{"name", "admin"}, {"port", 81}}}}}}}},
        RewriteCase{
            "UnnamedExplicitNodePortIsMatchedByNumber",
            "services",
            "ns",
            {{"kind", "Service"},
             {"metadata",
              {{"name", "s"},
               {"annotations",
                {{"kubectl.kubernetes.io/last-applied-configuration",
                  R"({"spec":{"ports":[{"port":80,"nodePort":"30080"}]}})"}}}}},
             {"spec",
              {{"clusterIP", "10.0.0.9"}, {"ports", {{{"port", 80}, {"nodePort", 30080}}}}}}},
            {{"kind", "Service"},
             {"metadata",
              {{"name", "s"},
               {"namespace", "ns"},
               {"labels", {{"ark-restore", "r1"}}},
               {"annotations",
                {{"kubectl.kubernetes.io/last-applied-configuration",
                  R"({"spec":{"ports":[{"port":80,"nodePort":"30080"}]}})"}}}}},
             {"spec", {{"ports", {{{"port", 80}, {"nodePort", 30080}}}}}}}},
        RewriteCase{"TokenSecretMadeByHandLosesTheAccountUidAndToken",
                    "secrets",
                    "ns",
                    {{"kind", "Secret"},
                     {"type", "kubernetes.io/service-account-token"},
                     {"metadata",
                      {{"name", "builder-token"},
                       {"annotations",
                        {{"kubernetes.io/service-account.name", "builder"},
                         {"kubernetes.io/service-account.uid", "0d1c"}}}}},
                     {"data", {{"token", "ZXlK"}, {"ca.crt", "LS0t"}, {"namespace", "bnM="}}}},
                    {{"kind", "Secret"},
                     {"type", "kubernetes.io/service-account-token"},
                     {"metadata",
                      {{"name", "builder-token"},
                       {"namespace", "ns"},
                       {"labels", {{"ark-restore", "r1"}}},
                       {"annotations", {{"kubernetes.io/service-account.name", "builder"}}}}},
                     {"data", {{"ca.crt", "LS0t"}, {"namespace", "bnM="}}}}},
        RewriteCase{"JobLosesGeneratedSelectorAndControllerUid",
                    "jobs.batch",
                    "ns",
                    {{"kind", "Job"},
                     {"metadata", {{"name", "j"}}},
                     {"spec",
                      {{"selector", {{"matchLabels", {{"controller-uid", "u1"}}}}},
                       {"template",
                        {{"metadata",
                          {{"labels",
                            {{"controller-uid", "u1"},
                             {"batch.kubernetes.io/controller-uid", "u1"},
                             {"job-name", "j"}}}}}}}}}},
                    {{"kind", "Job"},
                     {"metadata",
                      {{"name", "j"}, {"namespace", "ns"}, {"labels", {{"ark-restore", "r1"}}}}},
                     {"spec", {{"template", {{"metadata", {{"labels", {{"job-name", "j"}}}}}}}}}}},
        RewriteCase{
            "JobWithManualSelectorKeepsIt",
            "jobs.batch",
            "ns",
            {{"kind", "Job"},
             {"metadata", {{"name", "j"}}},
             {"spec", {{"manualSelector", true}, {"selector", {{"matchLabels", {{"app", "x"}}}}}}}},
            {{"kind", "Job"},
             {"metadata",
              {{"name", "j"}, {"namespace", "ns"}, {"labels", {{"ark-restore", "r1"}}}}},
             {"spec",
              {{"manualSelector", true}, {"selector", {{"matchLabels", {{"app", "x"}}}}}}}}},
        RewriteCase{"PersistentVolumeStaysPreBoundToItsClaimByName",
                    "persistentvolumes",
                    "",
                    {{"kind", "PersistentVolume"},
                     {"metadata",
                      {{"name", "pv"},
                       {"annotations",
                        {{"pv.kubernetes.io/bound-by-controller", "yes"},
                         {"pv.kubernetes.io/provisioned-by", "ebs.csi.aws.com"}}}}},
                     {"spec",
                      {{"claimRef",
                        {{"kind", "PersistentVolumeClaim"},
                         {"namespace", "db"},
                         {"name", "c"},
                         {"uid", "9f0e"},
                         {"resourceVersion", "77"}}},
                       {"storageClassName", ""}}}},
                    {{"kind", "PersistentVolume"},
                     {"metadata",
                      {{"name", "pv"},
                       {"labels", {{"ark-restore", "r1"}}},
                       {"annotations", {{"pv.kubernetes.io/provisioned-by", "ebs.csi.aws.com"}}}}},
                     {"spec",
                      {{"claimRef",
                        {{"kind", "PersistentVolumeClaim"}, {"namespace", "db"}, {"name", "c"}}},
                       {"storageClassName", ""}}}}},
        RewriteCase{"ClaimLosesBinderAnnotationsKeepsVolumeName",
                    "persistentvolumeclaims",
                    "ns",
                    {{"kind", "PersistentVolumeClaim"},
                     {"metadata",
                      {{"name", "c"},
                       {"annotations",
                        {{"pv.kubernetes.io/bind-completed", "yes"},
                         {"pv.kubernetes.io/bound-by-controller", "yes"}}}}},
                     {"spec", {{"volumeName", "pv"}}}},
                    {{"kind", "PersistentVolumeClaim"},
                     {"metadata",
                      {{"name", "c"}, {"namespace", "ns"}, {"labels", {{"ark-restore", "r1"}}}}},
                     {"spec", {{"volumeName", "pv"}}}}},
        RewriteCase{"ServiceAccountLosesItsTokenSecrets",
                    "serviceaccounts",
                    "ns",
                    {{"kind", "ServiceAccount"},
                     {"metadata", {{"name", "sa"}}},
                     {"secrets", {{{"name", "sa-token-abcde"}}, {{"name", "pull-secret"}}}}},
                    {{"kind", "ServiceAccount"},
                     {"metadata",
                      {{"name", "sa"}, {"namespace", "ns"}, {"labels", {{"ark-restore", "r1"}}}}},
                     {"secrets", {{{"name", "pull-secret"}}}}}}),
    [](const ::testing::TestParamInfo<RewriteCase>& info) { return info.param.name; });

TEST(RewriteTest, PreBoundVolumeFollowsTheNamespaceMapping) {
  Json pv = {{"kind", "PersistentVolume"},
             {"metadata", {{"name", "pv"}}},
             {"spec", {{"claimRef", {{"namespace", "db"}, {"name", "c"}, {"uid", "9f0e"}}}}}};
  RewriteForRestore("persistentvolumes", "", "r1", pv, {{"db", "db-copy"}});
  EXPECT_EQ(pv["spec"]["claimRef"], (Json{{"namespace", "db-copy"}, {"name", "c"}}));
}

struct SkipCase {
  std::string name;
  std::string group_resource;
  Json object;
  std::string want;  // "" = restored
};

void PrintTo(const SkipCase& c, std::ostream* os) { *os << c.name; }

class SkipTest : public ::testing::TestWithParam<SkipCase> {};

TEST_P(SkipTest, Reason) {
  const SkipCase& c = GetParam();
  std::optional<std::string> got = SkipReason(c.group_resource, c.object);
  EXPECT_EQ(got.value_or(""), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, SkipTest,
    ::testing::Values(
        // Whether the owner's controller makes it again depends on the rest of the restore
        // (RecreatingOwners), not on the object alone.
        SkipCase{"ControllerOwnerIsNotDecidedHere", "pods",
                 Json::parse(R"({"metadata":{"ownerReferences":[
                   {"kind":"ReplicaSet","name":"web-744b","controller":true}]}})"),
                 ""},
        SkipCase{"NonControllerOwnerIsRestored", "configmaps",
                 Json::parse(R"({"metadata":{"ownerReferences":[{"kind":"Thing","name":"t"}]}})"),
                 ""},
        SkipCase{"GeneratedTokenSecret", "secrets",
                 Json::parse(R"({"type":"kubernetes.io/service-account-token","metadata":{
                   "name":"builder-token-x7k2p",
                   "annotations":{"kubernetes.io/service-account.name":"builder"}}})"),
                 "token secret generated for service account \"builder\" (the target generates "
                 "its own before Kubernetes 1.24, and Pods use projected tokens from 1.24 on)"},
        SkipCase{"TokenSecretMadeByHandIsRestored", "secrets",
                 Json::parse(R"({"type":"kubernetes.io/service-account-token","metadata":{
                   "name":"builder-ci",
                   "annotations":{"kubernetes.io/service-account.name":"builder"}}})"),
                 ""},
        SkipCase{"OpaqueSecret", "secrets",
                 Json::parse(R"({"type":"Opaque","metadata":{"name":"s"}})"), ""},
        SkipCase{"MirrorPod", "pods",
                 Json::parse(R"({"metadata":{"annotations":{"kubernetes.io/config.mirror":"x"}}})"),
                 "mirror pods are recreated by their kubelet"},
        SkipCase{"AutomanagedApiService", "apiservices.apiregistration.k8s.io",
                 Json::parse(R"({"metadata":{"name":"v1beta1.batch","labels":{
                   "kube-aggregator.kubernetes.io/automanaged":"onstart"}},
                   "spec":{"group":"batch","version":"v1beta1","service":null}})"),
                 "an APIService managed by the API server itself (label "
                 "kube-aggregator.kubernetes.io/automanaged=onstart)"},
        SkipCase{"LocalApiServiceWithoutLabel", "apiservices.apiregistration.k8s.io",
                 Json::parse(R"({"metadata":{"name":"v1.example.com"},
                   "spec":{"group":"example.com","version":"v1"}})"),
                 "a local APIService (no spec.service): the API server serves that "
                 "group-version itself"},
        SkipCase{"AggregatedApiServiceIsRestored", "apiservices.apiregistration.k8s.io",
                 Json::parse(R"({"metadata":{"name":"v1beta1.metrics.k8s.io"},
                   "spec":{"group":"metrics.k8s.io","version":"v1beta1",
                   "service":{"namespace":"kube-system","name":"metrics-server"}}})"),
                 ""},
        // Backups that kept status (Velero's): finished pods and jobs stay history.
        SkipCase{"SucceededPod", "pods",
                 Json::parse(R"({"metadata":{"name":"p"},"status":{"phase":"Succeeded"}})"),
                 "a finished pod (phase Succeeded): it would be scheduled and run again"},
        SkipCase{"FailedPod", "pods",
                 Json::parse(R"({"metadata":{"name":"p"},"status":{"phase":"Failed"}})"),
                 "a finished pod (phase Failed): it would be scheduled and run again"},
        SkipCase{"RunningPodIsRestored", "pods",
                 Json::parse(R"({"metadata":{"name":"p"},"status":{"phase":"Running"}})"), ""},
        SkipCase{"CompleteJob", "jobs.batch",
                 Json::parse(R"({"metadata":{"name":"j"},"status":{"succeeded":1,"conditions":[
                   {"type":"Complete","status":"True"}]}})"),
                 "a finished job (condition Complete): it would run again"},
        SkipCase{"FailedJob", "jobs.batch",
                 Json::parse(R"({"metadata":{"name":"j"},"status":{"conditions":[
                   {"type":"Suspended","status":"False"},{"type":"Failed","status":"True"}]}})"),
                 "a finished job (condition Failed): it would run again"},
        SkipCase{"JobWithAFalseConditionIsRestored", "jobs.batch",
                 Json::parse(R"({"metadata":{"name":"j"},"status":{"conditions":[
                   {"type":"Complete","status":"False"}]}})"),
                 ""},
        SkipCase{"JobWithoutStatusIsRestored", "jobs.batch",
                 Json::parse(R"({"metadata":{"name":"j"}})"), ""}),
    [](const ::testing::TestParamInfo<SkipCase>& info) { return info.param.name; });

struct MatchCase {
  std::string name;
  Json desired;
  Json live;
  bool want;
};

void PrintTo(const MatchCase& c, std::ostream* os) { *os << c.name; }

class MatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(MatchTest, Compares) {
  const MatchCase& c = GetParam();
  EXPECT_EQ(MatchesLive(c.desired, c.live), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MatchTest,
    ::testing::Values(
        MatchCase{"ServerFieldsIgnored",
                  {{"metadata", {{"name", "x"}, {"labels", {{"ark-restore", "r2"}}}}},
                   {"data", {{"a", "1"}}}},
                  {{"metadata", {{"name", "x"}, {"uid", "u"}, {"labels", {{"ark-restore", "r1"}}}}},
                   {"data", {{"a", "1"}}},
                   {"status", {{"phase", "Active"}}}},
                  true},
        MatchCase{"DifferentValue",
                  {{"metadata", {{"name", "x"}}}, {"data", {{"a", "1"}}}},
                  {{"metadata", {{"name", "x"}}}, {"data", {{"a", "2"}}}},
                  false},
        MatchCase{"MissingField",
                  {{"metadata", {{"name", "x"}}}, {"data", {{"a", "1"}}}},
                  {{"metadata", {{"name", "x"}}}},
                  false},
        MatchCase{"ArrayLengthDiffers",
                  {{"spec", {{"ports", {{{"port", 80}}}}}}},
                  {{"spec", {{"ports", {{{"port", 80}}, {{"port", 81}}}}}}},
                  false},
        MatchCase{"ArrayElementsDefaulted",
                  {{"spec", {{"ports", {{{"port", 80}}}}}}},
                  {{"spec", {{"ports", {{{"port", 80}, {"protocol", "TCP"}}}}}}},
                  true},
        MatchCase{"EmptyAndNullMatchAbsent",
                  {{"metadata", {{"annotations", Json::object()}, {"creationTimestamp", nullptr}}}},
                  {{"metadata", Json::object()}},
                  true},
        MatchCase{"NumbersByValue", {{"n", 1}}, {{"n", 1.0}}, true}),
    [](const ::testing::TestParamInfo<MatchCase>& info) { return info.param.name; });

TEST(RestoreLabelValue, ShortNamesAsIsLongNamesHashedTo63) {
  EXPECT_EQ(RestoreLabelValue("nginx-ns-20261128224625"), "nginx-ns-20261128224625");
  const std::string a(80, 'a');
  std::string b = a;
  b.back() = 'b';
  EXPECT_EQ(RestoreLabelValue(a).size(), 63u);
  EXPECT_EQ(RestoreLabelValue(a).substr(0, 55), a.substr(0, 55));
  EXPECT_NE(RestoreLabelValue(a), RestoreLabelValue(b));
}

TEST(UpdatePatch, CarriesLabelsAnnotationsAndBodyOnly) {
  Json desired = {{"apiVersion", "v1"},
                  {"kind", "ConfigMap"},
                  {"metadata", {{"name", "x"}, {"namespace", "n"}, {"labels", {{"a", "b"}}}}},
                  {"data", {{"k", "v"}}}};
  EXPECT_EQ(UpdatePatch(desired),
            Json({{"metadata", {{"labels", {{"a", "b"}}}}}, {"data", {{"k", "v"}}}}));
}

}  // namespace
}  // namespace ark::restore

namespace ark::restore {
namespace {

TEST(DropServiceAddresses, LeavesAddressesToTheCluster) {
  Json service = Json::parse(R"({"spec":{"type":"NodePort","clusterIP":"10.96.200.10",
    "clusterIPs":["10.96.200.10"],"ports":[{"name":"http","port":80,"nodePort":30777}]}})");
  EXPECT_TRUE(DropServiceAddresses(service));
  EXPECT_EQ(service,
            Json::parse(R"({"spec":{"type":"NodePort","ports":[{"name":"http","port":80}]}})"));
  EXPECT_FALSE(DropServiceAddresses(service)) << "nothing left to drop";

  Json headless = Json::parse(R"({"spec":{"clusterIP":"None","ports":[{"port":80}]}})");
  EXPECT_FALSE(DropServiceAddresses(headless));
  EXPECT_EQ(headless["spec"]["clusterIP"], "None");
}

}  // namespace
}  // namespace ark::restore
