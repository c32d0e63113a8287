// The kernels' shared contract: iteration parsing, record framing, medians, placement.
#include <gtest/gtest.h>

#include "vcb/affinity.h"
#include "vcb/median.h"
#include "vcb/record.h"
#include "vcb/timing.h"

TEST(KernelCommon, ParseIterations) {
  std::map<std::string, int64_t> m;
  ASSERT_TRUE(vcb::parse_iterations("1000", m));
  EXPECT_EQ(m[""], 1000);
  m.clear();
  ASSERT_TRUE(vcb::parse_iterations("512=10,1024=20", m));
  EXPECT_EQ(m["512"], 10);
  EXPECT_EQ(m["1024"], 20);
  for (const char* bad : {"", "x", "0", "-5", "512=", "12abc"}) {
    m.clear();
    EXPECT_FALSE(vcb::parse_iterations(bad, m)) << bad;
  }
}

TEST(KernelCommon, PlanLooksUpPointsAndFallsBackToTheOnlyCount) {
  vcb::Plan p;
  p.iterations = {{"", 7}};
  EXPECT_EQ(p.iterations_for(""), 7);
  EXPECT_EQ(p.iterations_for("512"), 7);
  p.iterations = {{"512", 3}};
  EXPECT_EQ(p.iterations_for("512"), 3);
  EXPECT_EQ(p.iterations_for("1024"), 0);
}

TEST(KernelCommon, RecordPayloadSurvivesConsoleNoise) {
  EXPECT_EQ(vcb::record_payload("@@vcb {\"a\":1}\r\n"), "{\"a\":1}");
  EXPECT_EQ(vcb::record_payload("[  3.1] guest: @@vcb {\"a\":1}"), "{\"a\":1}");
  EXPECT_TRUE(vcb::record_payload("no record here").empty());
}

TEST(KernelCommon, Median) {
  EXPECT_EQ(vcb::median({3, 1, 2}), 2);
  EXPECT_EQ(vcb::median({4, 1, 2, 3}), 2.5);
  EXPECT_EQ(vcb::median({}), 0);
}

TEST(KernelCommon, TwoPartyPlacement) {
  const auto same = vcb::two_party_cpus("same");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->first, same->second);
  EXPECT_FALSE(vcb::two_party_cpus("sideways"));
  if (vcb::allowed_cpus().size() >= 2) {
    const auto cross = vcb::two_party_cpus("cross");
    ASSERT_TRUE(cross);
    EXPECT_NE(cross->first, cross->second);
  }
}

TEST(KernelCommon, ManualTimingUsesGivenCountsAndKeepsSamples) {
  vcb::Plan p;
  p.iterations = {{"", 5}};
  p.samples = 3;
  p.warmup = 2;
  int calls = 0;
  const auto s = vcb::time_manual(p, "", [&](int64_t n) { ++calls; return static_cast<double>(n) * 1e-3; });
  EXPECT_EQ(calls, 5);
  EXPECT_EQ(s.iterations, 5);
  ASSERT_EQ(s.seconds.size(), 3u);
  EXPECT_FALSE(s.calibrated_here);
  EXPECT_NEAR(s.per_op()[0], 1e-3, 1e-12);
}

TEST(KernelCommon, ManualCalibrationReachesTheTarget) {
  vcb::Plan p;
  p.target_seconds = 0.01;
  p.samples = 1;
  const auto s = vcb::time_manual(p, "", [](int64_t n) { return static_cast<double>(n) * 1e-6; });
  EXPECT_TRUE(s.calibrated_here);
  EXPECT_GE(static_cast<double>(s.iterations) * 1e-6, 0.01);
  EXPECT_LE(static_cast<double>(s.iterations) * 1e-6, 0.02);
}

TEST(KernelCommon, ManualTimingReportsFailure) {
  vcb::Plan p;
  p.iterations = {{"", 5}};
  const auto s = vcb::time_manual(p, "", [](int64_t) { return -1.0; });
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(s.error.empty());
}
