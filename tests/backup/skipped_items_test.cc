#include "backup/skipped_items.h"

#include <gtest/gtest.h>

namespace ark::backup {
namespace {

struct LeftOutCase {
  std::string name;
  std::string group_resource;
  std::string metadata;  // the member texts as an API server sends them
  std::string status;
  std::string want;  // "" = backed up
};

void PrintTo(const LeftOutCase& c, std::ostream* os) { *os << c.name; }

class NotBackedUpTest : public ::testing::TestWithParam<LeftOutCase> {};

TEST_P(NotBackedUpTest, Reason) {
  const LeftOutCase& c = GetParam();
  EXPECT_EQ(NotBackedUpReason(c.group_resource, c.metadata, c.status).value_or(""), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, NotBackedUpTest,
    ::testing::Values(
        LeftOutCase{"BeingDeleted", "configmaps",
                    R"({"name":"c","deletionTimestamp":"2026-12-07T13:00:00Z",)"
                    R"("finalizers":["example.com/hold"]})",
                    "", "being deleted (deletionTimestamp 2026-12-07T13:00:00Z)"},
        LeftOutCase{"NullDeletionTimestampIsBackedUp", "configmaps",
                    R"({"name":"c","deletionTimestamp":null})", "", ""},
        LeftOutCase{"Live", "configmaps", R"({"name":"c"})", "", ""},
        LeftOutCase{"SucceededPod", "pods", R"({"name":"p"})",
                    R"({"phase":"Succeeded","containerStatuses":[]})",
                    "a finished pod (phase Succeeded): it would be scheduled and run again"},
        LeftOutCase{"PendingPod", "pods", R"({"name":"p"})", R"({"phase":"Pending"})", ""},
        LeftOutCase{"CompleteJob", "jobs.batch", R"({"name":"j"})",
                    R"({"conditions":[{"type":"Complete","status":"True"}],"succeeded":1})",
                    "a finished job (condition Complete): it would run again"},
        LeftOutCase{"ActiveJob", "jobs.batch", R"({"name":"j"})", R"({"active":1})", ""},
        // Only pods and jobs finish: a phase elsewhere means something else.
        LeftOutCase{"OtherKindWithPhase", "persistentvolumes", R"({"name":"pv"})",
                    R"({"phase":"Failed"})", ""}),
    [](const ::testing::TestParamInfo<LeftOutCase>& info) { return info.param.name; });

}  // namespace
}  // namespace ark::backup
