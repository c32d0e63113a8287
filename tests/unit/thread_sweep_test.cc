// The scale-up suites' thread axis: "sweep" up to the cores granted, or the command line's list.
#include <gtest/gtest.h>

#include "suite/thread_sweep.h"

namespace {

vcb::Suite threaded(nlohmann::json threads) {
  vcb::Suite s;
  s.name = "scaleup";
  s.file = "scaleup.toml";
  vcb::Instance i{"scaleup", "comd", "vcb-comd"};
  i.params = {{"potential", "lj"}, {"threads", threads}};
  s.instances.push_back(i);
  vcb::Instance plain{"scaleup", "lat_syscall", "vcb-lat_syscall"};
  s.instances.push_back(plain);
  return s;
}

std::vector<int> threads_of(const vcb::Suite& s) {
  std::vector<int> t;
  for (const auto& i : s.instances)
    if (i.params.contains("threads")) t.push_back(i.params["threads"]);
  return t;
}

TEST(ThreadSweep, PowersOfTwoUpToTheCoresAndTheCoresThemselves) {
  EXPECT_EQ(vcb::thread_sweep(1), (std::vector<int>{1}));
  EXPECT_EQ(vcb::thread_sweep(2), (std::vector<int>{1, 2}));
  EXPECT_EQ(vcb::thread_sweep(24), (std::vector<int>{1, 2, 4, 8, 16, 24}));
}

TEST(ThreadSweep, SweepExpandsAndAListReplacesTheAxis) {
  auto s = threaded("sweep");
  ASSERT_TRUE(vcb::apply_threads(s, {}, 4));
  EXPECT_EQ(threads_of(s), (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(s.instances.size(), 4u);  // the unthreaded benchmark stays
  auto fixed = threaded(2);
  ASSERT_TRUE(vcb::apply_threads(fixed, {1, 8}, 4));
  EXPECT_EQ(threads_of(fixed), (std::vector<int>{1, 8}));
}

TEST(ThreadSweep, ListForASuiteWithoutThreadsIsRefused) {
  vcb::Suite s;
  s.name = "micro";
  s.instances.push_back(vcb::Instance{"micro", "lat_syscall", "vcb-lat_syscall"});
  EXPECT_FALSE(vcb::apply_threads(s, {1, 2}, 2));
  auto bad = threaded(2);
  EXPECT_FALSE(vcb::apply_threads(bad, {0}, 2));
}

}  // namespace
