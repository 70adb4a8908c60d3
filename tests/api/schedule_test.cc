#include "api/schedule.h"

#include <gtest/gtest.h>

#include "util/time_format.h"

namespace ark::api {
namespace {

Clock::TimePoint T(const char* text) { return *ParseRfc3339(text); }

TEST(ScheduleTest, NewScheduledBackup) {
  Schedule s;
  s.metadata.name = "daily";
  s.metadata.ns = "heptio-ark";
  s.metadata.labels = {{"team", "a"}};
  s.spec.schedule = "0 */6 * * *";
  s.spec.backup_template.included_namespaces = {"nginx-example"};
  s.spec.backup_template.snapshot_volumes = true;

  Backup b = NewScheduledBackup(s, T("2017-11-06T22:46:06Z"));
  EXPECT_EQ(b.metadata.name, "daily-20171106224606");
  EXPECT_EQ(b.metadata.ns, "heptio-ark");
  EXPECT_EQ(b.metadata.labels,
            (std::map<std::string, std::string>{{"ark-schedule", "daily"}, {"team", "a"}}));
  EXPECT_EQ(b.spec.included_namespaces, std::vector<std::string>{"nginx-example"});
  EXPECT_EQ(b.spec.snapshot_volumes, std::optional<bool>(true));
  EXPECT_EQ(b.spec.ttl, std::chrono::hours(720));  // default applied
  Json j = b.ToJson();
  EXPECT_EQ(j["kind"], "Backup");
  EXPECT_EQ(j["metadata"]["labels"]["ark-schedule"], "daily");
}

TEST(ScheduleTest, Due) {
  auto cron = CronSchedule::Parse("0 */6 * * *");
  ASSERT_TRUE(cron.ok());
  struct Case {
    const char* last;  // "" = never ran
    const char* now;
    bool want;
  };
  const Case cases[] = {
      {"", "2017-11-06T22:46:06Z", true},  // the first backup runs at once
      {"2017-11-06T22:46:06Z", "2017-11-06T23:59:59Z", false},
      {"2017-11-06T22:46:06Z", "2017-11-07T00:00:00Z", false},  // strictly after
      {"2017-11-06T22:46:06Z", "2017-11-07T00:00:01Z", true},
      {"2017-11-06T22:46:06Z", "2017-11-09T00:00:01Z", true},  // missed runs: one backup
  };
  for (const Case& c : cases) {
    ScheduleStatus status;
    if (*c.last != '\0') status.last_backup = T(c.last);
    EXPECT_EQ(ScheduleDue(*cron, status, T(c.now)), c.want) << c.last << " " << c.now;
  }
  ScheduleStatus ran;
  ran.last_backup = T("2017-11-06T22:46:06Z");
  EXPECT_EQ(FormatRfc3339(NextRun(*cron, ran)), "2017-11-07T00:00:00Z");

  auto never = CronSchedule::Parse("0 0 30 2 *");
  ASSERT_TRUE(never.ok());
  EXPECT_FALSE(ScheduleDue(*never, ScheduleStatus{}, T("2017-11-06T22:46:06Z")));
}

}  // namespace
}  // namespace ark::api
