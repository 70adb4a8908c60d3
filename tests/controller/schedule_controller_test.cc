// A Schedule against kubesim: enabled with the status fields it had kept, its backup created,
// and status.lastBackup recorded at the time of that backup.
#include "controller/schedule_controller.h"

#include <gtest/gtest.h>

#include <thread>

#include "api/resources.h"
#include "kubesim_client.h"
#include "support/kubesim.h"
#include "util/fake_clock.h"
#include "util/time_format.h"

namespace ark::controller {
namespace {

using nlohmann::json;

TEST(ScheduleControllerTest, ADueScheduleIsEnabledBacksUpAndRecordsWhen) {
  KubesimClient env = StartKubesimClient();
  ASSERT_NE(env.client, nullptr);
  MemorySink log_sink;
  Logger log(log_sink, LogLevel::kDebug);
  Informer schedules(*env.client, api::SchedulesGvr(), "heptio-ark", log);
  schedules.Start();
  ASSERT_TRUE(schedules.WaitForSync(std::chrono::seconds(10)));
  const json schedule = {{"apiVersion", "ark.heptio.com/v1"},
                         {"kind", "Schedule"},
                         {"metadata", {{"name", "hourly"}, {"namespace", "heptio-ark"}}},
                         {"spec", {{"schedule", "@every 1h"}, {"template", {{"ttl", "1h0m0s"}}}}},
                         {"status", {{"phase", "New"}, {"kept", "yes"}}}};
  ASSERT_TRUE(env.client->Create(api::SchedulesGvr(), "heptio-ark", schedule).ok());
  for (int i = 0; i < 250 && !schedules.Get("heptio-ark/hourly"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(schedules.Get("heptio-ark/hourly").has_value());

  const FakeClock clock(*ParseRfc3339("2024-03-01T10:00:00Z"));
  ScheduleController ctl(*env.client, schedules, clock, log);
  ASSERT_TRUE(ctl.Sync("heptio-ark/hourly").ok());

  auto stored = env.client->Get(api::SchedulesGvr(), "heptio-ark", "hourly");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ((*stored)["status"], json::parse(R"({"phase": "Enabled", "kept": "yes",
                                                 "lastBackup": "2024-03-01T10:00:00Z"})"));
  auto backup = env.client->Get(api::BackupsGvr(), "heptio-ark", "hourly-20240301100000");
  ASSERT_TRUE(backup.ok()) << backup.status().ToString();
  EXPECT_EQ((*backup)["spec"]["ttl"], "1h0m0s");
  schedules.Stop();
}

}  // namespace
}  // namespace ark::controller
