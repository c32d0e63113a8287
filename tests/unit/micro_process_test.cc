// Unit tests of the pure helpers behind the process, signal and file micro kernels
// (kernels/micro/process_support.h; link vcb_micro_process).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "process_support.h"

namespace vcb::micro {
namespace {

TEST(StatusFieldKb, ReadsTheNamedFieldOnly) {
  const std::string status = "Name:\tvcb-proc-helper\nVmRSSX:\t9 kB\nVmRSS:\t    1208 kB\nVmHWM:\t1300 kB\n";
  EXPECT_EQ(status_field_kb(status, "VmRSS"), 1208);
  EXPECT_EQ(status_field_kb(status, "VmHWM"), 1300);
  EXPECT_FALSE(status_field_kb(status, "VmSwap").has_value());
  EXPECT_FALSE(status_field_kb("VmRSS:\tlots\n", "VmRSS").has_value());
  EXPECT_FALSE(status_field_kb("", "VmRSS").has_value());
}

TEST(CountLines, CountsNewlineTerminatedLines) {
  EXPECT_EQ(count_lines(""), 0);
  EXPECT_EQ(count_lines("a\nb\n"), 2);
  EXPECT_EQ(count_lines("a\nb"), 1);
}

TEST(FixedPlan, KeepsSamplesAndFixesTheCount) {
  Plan base;
  base.calibrate = true;
  base.samples = 5;
  base.warmup = 1;
  base.iterations = {{"create", 7}, {"delete", 9}};
  const Plan p = fixed_plan(base, 42);
  EXPECT_FALSE(p.calibrate);
  EXPECT_EQ(p.samples, 5);
  EXPECT_EQ(p.warmup, 1);
  EXPECT_EQ(p.iterations_for(""), 42);
  EXPECT_EQ(p.iterations_for("anything"), 42);
}

TEST(Minus, SubtractsFromEveryValue) {
  EXPECT_EQ(minus({3.0, 5.0}, 1.0), (std::vector<double>{2.0, 4.0}));
  EXPECT_TRUE(minus({}, 1.0).empty());
}

TEST(RandomOrder, IsAFixedPermutation) {
  const auto a = random_order(1000, 7);
  EXPECT_EQ(a, random_order(1000, 7));
  EXPECT_NE(a, random_order(1000, 8));
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t i = 0; i < 1000; ++i) ASSERT_EQ(sorted[i], i);
  EXPECT_FALSE(std::is_sorted(a.begin(), a.end()));
  EXPECT_TRUE(random_order(0, 1).empty());
  EXPECT_EQ(random_order(1, 1), std::vector<uint32_t>{0});
}

TEST(RingCpus, SameAndSpread) {
  EXPECT_EQ(ring_cpus("same", {2, 5}, 3), (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(ring_cpus("spread", {2, 5}, 3), (std::vector<int>{2, 5, 2}));
  EXPECT_EQ(ring_cpus("spread", {4}, 2), (std::vector<int>{4, 4}));
  EXPECT_TRUE(ring_cpus("cross", {0, 1}, 2).empty());
  EXPECT_TRUE(ring_cpus("same", {}, 2).empty());
}

TEST(RingToken, MemberSeesItsResidue) {
  EXPECT_TRUE(ring_token_ok(1, 1, 2));
  EXPECT_TRUE(ring_token_ok(3, 1, 2));
  EXPECT_FALSE(ring_token_ok(2, 1, 2));
  EXPECT_TRUE(ring_token_ok(17, 1, 16));
  EXPECT_FALSE(ring_token_ok(16, 15, 16));
}

TEST(NestedFileNames, FlatUpToFanout) {
  const auto names = nested_file_names(3, 100);
  EXPECT_EQ(names, (std::vector<std::string>{"f00", "f01", "f02"}));
  EXPECT_TRUE(parent_dirs(names).empty());
  EXPECT_EQ(nested_file_names(100, 100).back(), "f99");
}

TEST(NestedFileNames, NestsBeyondFanoutWithAtMostFanoutEntriesPerDir) {
  const auto names = nested_file_names(250, 100);
  ASSERT_EQ(names.size(), 250u);
  EXPECT_EQ(names.front(), "d00/f00");
  EXPECT_EQ(names[101], "d01/f01");
  EXPECT_EQ(names.back(), "d02/f49");
  EXPECT_EQ(parent_dirs(names), (std::vector<std::string>{"d00", "d01", "d02"}));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  const auto deep = nested_file_names(10001, 100);
  EXPECT_EQ(deep.back(), "d01/d00/f00");
  const auto dirs = parent_dirs(deep);
  EXPECT_EQ(dirs.front(), "d00");
  EXPECT_EQ(dirs[1], "d00/d00");
  EXPECT_EQ(dirs.back(), "d01/d00");
}

TEST(NestedFileNames, RejectsNonsense) {
  EXPECT_TRUE(nested_file_names(0, 100).empty());
  EXPECT_TRUE(nested_file_names(5, 1).empty());
}

TEST(MmapStoreOffsets, EverySixteenKbOverTheFirstTenth) {
  const auto offs = mmap_store_offsets(1 << 20, 16 << 10);  // size/10 = 104857 -> 0, 16K, ..., 96K
  ASSERT_EQ(offs.size(), 7u);
  EXPECT_EQ(offs.front(), 0);
  EXPECT_EQ(offs.back(), 6 * 16384);
  EXPECT_EQ(mmap_store_offsets(64 << 20, 16 << 10).size(), 410u);
  EXPECT_TRUE(mmap_store_offsets(100, 0).empty());
}

}  // namespace
}  // namespace vcb::micro
