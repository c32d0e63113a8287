// The MPI side of a run without MPI: rank rules, the node layout applied to a suite, hostfiles,
// and the mpirun / sbatch command lines for each environment's rank prefix.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "mpi/layout.h"
#include "mpi/mpi_command.h"

namespace {

bool has_pair(const std::vector<std::string>& argv, const std::string& flag, const std::string& value) {
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i] == flag && argv[i + 1] == value) return true;
  return false;
}

vcb::Suite mpi_suite() {
  vcb::Suite s;
  s.name = "npb";
  s.file = "npb.toml";
  vcb::Instance cg{"npb", "npb_cg", "vcb-npb_cg"};
  cg.mpi = "power-of-two";
  for (int r : {1, 2}) {
    cg.params = {{"class", "S"}, {"ranks", r}};
    s.instances.push_back(cg);
  }
  vcb::Instance ep{"npb", "npb_ep", "vcb-npb_ep"};
  ep.mpi = "any";
  ep.params = {{"class", "S"}, {"ranks", 1}};
  s.instances.push_back(ep);
  vcb::Instance plain{"npb", "lat_syscall", "vcb-lat_syscall"};
  s.instances.push_back(plain);
  return s;
}

TEST(RankRules, EachRuleAcceptsOnlyItsCounts) {
  EXPECT_EQ(vcb::rank_rule_violation("any", 3), "");
  EXPECT_EQ(vcb::rank_rule_violation("power-of-two", 4), "");
  EXPECT_NE(vcb::rank_rule_violation("power-of-two", 3).find("power-of-two"), std::string::npos);
  EXPECT_EQ(vcb::rank_rule_violation("two", 2), "");
  EXPECT_NE(vcb::rank_rule_violation("two", 3), "");
  EXPECT_NE(vcb::rank_rule_violation("at-least-two", 1), "");
  EXPECT_FALSE(vcb::known_rank_rule("square"));
}

TEST(MpiLayout, WithoutLayoutTheSuiteKeepsItsRanks) {
  auto s = mpi_suite();
  ASSERT_TRUE(vcb::apply_mpi_layout(s, {}, 1));
  EXPECT_EQ(s.instances.size(), 4u);
  EXPECT_FALSE(s.instances[0].params.contains("nodes"));
}

TEST(MpiLayout, NodeSweepReplacesTheRanksAxisAndDeduplicates) {
  auto s = mpi_suite();
  vcb::MpiOptions o;
  o.hostfile = "hosts";
  o.ranks_per_node = 2;
  o.nodes_sweep = {1, 2, 4};
  ASSERT_TRUE(vcb::apply_mpi_layout(s, o, 4));
  std::vector<std::string> keys;
  for (auto& i : s.instances) keys.push_back(i.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"npb_cg class=S nodes=1 ranks=2", "npb_cg class=S nodes=2 ranks=4",
                                            "npb_cg class=S nodes=4 ranks=8", "npb_ep class=S nodes=1 ranks=2",
                                            "npb_ep class=S nodes=2 ranks=4", "npb_ep class=S nodes=4 ranks=8",
                                            "lat_syscall"}));
}

TEST(MpiLayout, RankCountAKernelCannotUseIsOneLineBeforeLaunch) {
  auto s = mpi_suite();
  vcb::MpiOptions o;
  o.hostfile = "hosts";
  o.ranks_per_node = 1;
  auto r = vcb::apply_mpi_layout(s, o, 3);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("npb_cg"), std::string::npos);
  EXPECT_NE(r.error().message.find("power-of-two"), std::string::npos);
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
}

TEST(MpiLayout, SweepBeyondTheNodesOrWithoutAHostfileIsRefused) {
  auto s = mpi_suite();
  vcb::MpiOptions o;
  o.hostfile = "hosts";
  o.nodes_sweep = {1, 8};
  EXPECT_FALSE(vcb::apply_mpi_layout(s, o, 4));
  vcb::MpiOptions no_hosts;
  no_hosts.nodes_sweep = {1, 2};
  EXPECT_FALSE(vcb::apply_mpi_layout(s, no_hosts, 1));
}

TEST(Hostfile, DistinctHostsInOrderAndStrayWordsRejected) {
  const std::string path = testing::TempDir() + "/vcb-hostfile";
  std::ofstream(path) << "# nodes\nnode1 slots=2\nnode2\nnode1 slots=2\n";
  auto h = vcb::read_hostfile(path);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->hosts, (std::vector<std::string>{"node1", "node2"}));
  std::ofstream(path) << "node1 cpus=4\n";
  EXPECT_FALSE(vcb::read_hostfile(path));
  EXPECT_FALSE(vcb::read_hostfile(path + ".missing"));
}

vcb::MpiJob job() {
  vcb::MpiJob j;
  j.ranks = 2;
  j.session_dir = "/tmp/vcb-mpi-x";
  j.as_root = true;
  j.host_cores = 2;
  j.kernel = {"/opt/vcbench/bin/vcb-npb_cg", "--class", "S", "--ranks", "2"};
  return j;
}

TEST(MpirunCommand, OneHostBindsToCoresWhenRanksFit) {
  const auto argv = vcb::mpirun_command(job());
  EXPECT_EQ(argv[0], "mpirun");
  EXPECT_TRUE(has_pair(argv, "-np", "2"));
  EXPECT_TRUE(has_pair(argv, "--bind-to", "core"));
  EXPECT_TRUE(has_pair(argv, "orte_tmpdir_base", "/tmp/vcb-mpi-x"));
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "--oversubscribe"), 0);
  EXPECT_EQ(argv.back(), "2");
}

TEST(MpirunCommand, MoreRanksThanCoresFloatAndYield) {
  auto j = job();
  j.ranks = 4;
  const auto argv = vcb::mpirun_command(j);
  EXPECT_TRUE(has_pair(argv, "--bind-to", "none"));
  EXPECT_TRUE(has_pair(argv, "mpi_yield_when_idle", "1"));
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "--oversubscribe"), 1);
}

TEST(MpirunCommand, HostfileMapsRanksPerNodeAndTheUsersBindingWins) {
  auto j = job();
  j.hostfile = "/h";
  j.nodes = 2;
  j.ranks_per_node = 1;
  j.extra = {"--bind-to", "none"};
  const auto argv = vcb::mpirun_command(j);
  EXPECT_TRUE(has_pair(argv, "--hostfile", "/h"));
  EXPECT_TRUE(has_pair(argv, "--map-by", "ppr:1:node"));
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "--bind-to"), 1);
}

TEST(MpirunCommand, EnvironmentPrefixGoesBeforeTheKernel) {
  auto j = job();
  j.environment.prefix = {"/b/vcb-rank-env", "docker", "run", "--rm", "img"};
  j.environment.mpirun_options = {"--mca", "btl_vader_single_copy_mechanism", "none"};
  const auto argv = vcb::mpirun_command(j);
  const auto at = std::find(argv.begin(), argv.end(), "/b/vcb-rank-env");
  ASSERT_NE(at, argv.end());
  EXPECT_EQ(*(at + 5), "/opt/vcbench/bin/vcb-npb_cg");
  EXPECT_TRUE(has_pair(argv, "btl_vader_single_copy_mechanism", "none"));
}

TEST(Slurm, BatchScriptQuotesEveryWordAndSbatchAsksForTheLayout) {
  const auto script = vcb::batch_script({"mpirun", "-np", "2", "a b", "it's"}, "run x");
  EXPECT_EQ(script, "#!/bin/sh\n# run x\nexec mpirun -np 2 'a b' 'it'\\''s'\n");
  auto j = job();
  j.nodes = 2;
  j.ranks_per_node = 3;
  const auto argv = vcb::sbatch_command(j, "/s.sh", "/o", "/e", 90, "vcb-1");
  EXPECT_TRUE(has_pair(argv, "--nodes", "2"));
  EXPECT_TRUE(has_pair(argv, "--ntasks-per-node", "3"));
  EXPECT_TRUE(has_pair(argv, "--time", "2"));
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "--overcommit"), 1);
  EXPECT_EQ(argv.back(), "/s.sh");
}

}  // namespace
