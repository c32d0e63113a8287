#include <gtest/gtest.h>

#include "charliecloud/charliecloud_launcher.h"

TEST(CharliecloudCommand, RunsTheApplianceDirectoryWithScratchBound) {
  const auto argv = vcb::ch_run_command("/b/appliance/rootfs", "/r/scratch", {"/opt/vcbench/bin/vcb-null", "--samples", "1"});
  EXPECT_EQ(argv, (std::vector<std::string>{"ch-run", "-b", "/r/scratch:/scratch", "--cd", "/scratch",
                                            "/b/appliance/rootfs", "--", "/opt/vcbench/bin/vcb-null", "--samples",
                                            "1"}));
}
