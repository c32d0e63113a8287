// From kernel output to records: clean runs, failed processes, and failures with no output at all.
#include <gtest/gtest.h>

#include "run/records.h"

namespace {

vcb::MeasurementContext context() {
  vcb::MeasurementContext c;
  c.run = {{"id", "r"}, {"repetition", 1}, {"order", 0}, {"measurement", "native|x|1"}};
  c.suite = "micro";
  c.instance = "x op=a";
  c.benchmark = "x";
  c.params = {{"op", "a"}};
  c.environment = {{"name", "native"}, {"binding", {{"cpus", {0}}}}};
  return c;
}

const std::string good =
    "noise\n@@vcb {\"benchmark\":{\"name\":\"x\",\"params\":{\"op\":\"a\",\"size\":1}},\"metric\":{\"name\":\"latency\","
    "\"value\":2.5,\"unit\":\"us\",\"better\":\"lower\"},\"validation\":{\"passed\":true,\"detail\":\"ok\"},"
    "\"context\":{\"cpus_allowed\":[0],\"seccomp\":2},\"calibration\":{\"iterations\":10,\"source\":\"harness\"}}\n";

vcb::ProcessResult exited(int code, std::string out) {
  vcb::ProcessResult r;
  r.started = true;
  r.exit_code = code;
  r.out = std::move(out);
  return r;
}

TEST(Records, CleanRunKeepsTheKernelRecordAndAddsIdentity) {
  auto c = context();
  c.calibration = {{"target_s", 0.005}, {"environment", "native"}};
  const auto rs = vcb::build_records(c, exited(0, good + good));
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0]["metric"]["value"], 2.5);
  EXPECT_EQ(rs[0]["benchmark"]["params"]["size"], 1);
  EXPECT_EQ(rs[0]["benchmark"]["suite"], "micro");
  EXPECT_EQ(rs[1]["run"]["part"], 2);
  EXPECT_EQ(rs[1]["run"]["parts"], 2);
  EXPECT_EQ(rs[0]["environment"]["seccomp"], 2);
  EXPECT_EQ(rs[0]["environment"]["binding"]["cpus_in_effect"], nlohmann::json::array({0}));
  EXPECT_EQ(rs[0]["calibration"]["target_s"], 0.005);
  EXPECT_TRUE(rs[0]["failure"].is_null());
}

TEST(Records, NonZeroExitDistrustsWhatWasPrinted) {
  const auto rs = vcb::build_records(context(), exited(3, good));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_TRUE(rs[0]["metric"]["value"].is_null());
  EXPECT_EQ(rs[0]["detail"]["untrusted_value"], 2.5);
  EXPECT_FALSE(rs[0]["validation"]["passed"]);
  EXPECT_EQ(rs[0]["failure"]["kind"], "exit");
}

TEST(Records, CrashWithoutOutputUsesTheCalibrationShapes) {
  auto c = context();
  c.templates = nlohmann::json::array(
      {{{"benchmark", {{"params", {{"op", "a"}, {"part", 0}}}}}, {"metric", {{"name", "latency"}, {"unit", "us"}, {"better", "lower"}}}},
       {{"benchmark", {{"params", {{"op", "a"}, {"part", 1}}}}}, {"metric", {{"name", "latency"}, {"unit", "us"}, {"better", "lower"}}}}});
  vcb::ProcessResult r = exited(-1, "");
  r.signal = 6;
  const auto rs = vcb::build_records(c, r);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[1]["benchmark"]["params"]["part"], 1);
  EXPECT_EQ(rs[0]["failure"]["kind"], "crash");
  EXPECT_NE(rs[0]["validation"]["detail"].get<std::string>().find("signal 6"), std::string::npos);
}

TEST(Records, TimeoutWithoutShapesGivesOneFailureRecord) {
  vcb::ProcessResult r = exited(-1, "");
  r.timed_out = true;
  const auto rs = vcb::build_records(context(), r);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0]["metric"]["name"], "failure");
  EXPECT_EQ(rs[0]["failure"]["kind"], "timeout");
  EXPECT_EQ(rs[0]["benchmark"]["params"], (nlohmann::json{{"op", "a"}}));
}

TEST(Records, MalformedRecordLinesAreIgnored) {
  EXPECT_TRUE(vcb::parse_kernel_records("@@vcb {not json\n@@vcb {\"a\":1}\n").empty());
}

}  // namespace
