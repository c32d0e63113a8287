// The OCI launcher's command lines for every engine and profile, without an engine (ReFrame's
// fake-scheduler idea): network none, an init, the cpuset, and only the profile's own differences.
#include <gtest/gtest.h>

#include <algorithm>

#include "oci/oci_command.h"

namespace {

bool has_pair(const std::vector<std::string>& argv, const std::string& flag, const std::string& value) {
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i] == flag && argv[i + 1] == value) return true;
  return false;
}

bool has(const std::vector<std::string>& argv, const std::string& word) {
  return std::find(argv.begin(), argv.end(), word) != argv.end();
}

vcb::OciSpec spec(const std::string& engine, const std::string& profile) {
  vcb::OciSpec s;
  s.engine = engine;
  EXPECT_TRUE(vcb::parse_oci_profile(profile, s.profile));
  s.image = "vcbench/appliance:0123456789ab";
  s.name = "vcb-run-" + engine;
  s.owner_label = "org.vcbench.owner=42";
  s.cpus = {0, 1};
  s.host_scratch = "/results/run/scratch";
  return s;
}

class OciCommand : public ::testing::TestWithParam<std::string> {};

TEST_P(OciCommand, ResidentContainerIsConfinedAndNamed) {
  const auto argv = vcb::oci_run_resident(spec(GetParam(), ""));
  EXPECT_EQ(argv[0], GetParam());
  EXPECT_TRUE(has_pair(argv, "--network", "none"));
  EXPECT_TRUE(has(argv, "--init"));
  EXPECT_TRUE(has_pair(argv, "--cpuset-cpus", "0,1"));
  EXPECT_TRUE(has_pair(argv, "--name", "vcb-run-" + GetParam()));
  EXPECT_TRUE(has_pair(argv, "--label", "org.vcbench.owner=42"));
  EXPECT_FALSE(has(argv, "--privileged"));
  EXPECT_FALSE(has(argv, "--cap-add"));
  EXPECT_FALSE(has_pair(argv, "--security-opt", "seccomp=unconfined"));
  EXPECT_FALSE(has(argv, "-v"));
  EXPECT_EQ(argv.back(), "/opt/vcbench/bin/vcb-idle");
  EXPECT_EQ(argv[argv.size() - 2], "vcbench/appliance:0123456789ab");
}

TEST_P(OciCommand, UnconfinedProfileOnlyDropsSeccomp) {
  auto confined = vcb::oci_run_resident(spec(GetParam(), ""));
  auto unconfined = vcb::oci_run_resident(spec(GetParam(), "unconfined"));
  EXPECT_TRUE(has_pair(unconfined, "--security-opt", "seccomp=unconfined"));
  EXPECT_EQ(unconfined.size(), confined.size() + 2);
}

TEST_P(OciCommand, BindProfileMountsTheScratchFolder) {
  EXPECT_TRUE(has_pair(vcb::oci_run_resident(spec(GetParam(), "bind")), "-v", "/results/run/scratch:/scratch"));
}

TEST_P(OciCommand, ExecRunsInTheScratchFolderOfTheResidentContainer) {
  const auto argv = vcb::oci_exec(spec(GetParam(), ""), {"/opt/vcbench/bin/vcb-null", "--samples", "1"});
  EXPECT_EQ(argv, (std::vector<std::string>{GetParam(), "exec", "-w", "/scratch", "vcb-run-" + GetParam(),
                                            "/opt/vcbench/bin/vcb-null", "--samples", "1"}));
}

TEST_P(OciCommand, OneShotContainerIsRemoved) {
  const auto argv = vcb::oci_run_once(spec(GetParam(), ""), {"/opt/vcbench/bin/vcb-startup"});
  EXPECT_EQ(argv[1], "run");
  EXPECT_EQ(argv[2], "--rm");
  EXPECT_EQ(argv.back(), "/opt/vcbench/bin/vcb-startup");
}

TEST_P(OciCommand, RankContainerSharesWhatOpenMpiNeeds) {
  const auto argv = vcb::oci_run_rank(spec(GetParam(), ""), "/tmp/vcb-mpi-run");
  EXPECT_EQ(argv[0], GetParam());
  EXPECT_EQ(argv[1], "run");  // vcb-rank-env inserts the rank's environment right after "run"
  EXPECT_TRUE(has(argv, "--rm"));
  EXPECT_TRUE(has_pair(argv, "--network", "host"));
  EXPECT_TRUE(has_pair(argv, "--ipc", "host"));
  EXPECT_TRUE(has_pair(argv, "--pid", "host"));
  EXPECT_TRUE(has_pair(argv, "--cap-add", "SYS_PTRACE"));
  EXPECT_TRUE(has_pair(argv, "-v", "/tmp/vcb-mpi-run:/tmp/vcb-mpi-run"));
  EXPECT_TRUE(has_pair(argv, "--label", "org.vcbench.owner=42"));
  EXPECT_FALSE(has(argv, "--cpuset-cpus"));  // the rank's own binding comes from mpirun, per rank
  EXPECT_EQ(argv.back(), "vcbench/appliance:0123456789ab");
}

INSTANTIATE_TEST_SUITE_P(Engines, OciCommand, ::testing::Values("docker", "podman"));

TEST(OciCommandPodman, UsesRuncAndExplicitUlimits) {
  const auto argv = vcb::oci_run_resident(spec("podman", ""));
  EXPECT_TRUE(has_pair(argv, "--runtime", "runc"));
  EXPECT_TRUE(has_pair(argv, "--ulimit", "nofile=20000:20000"));
  EXPECT_FALSE(has(vcb::oci_run_resident(spec("docker", "")), "--ulimit"));
}

TEST(OciCommandProfiles, UnknownProfileIsRejected) {
  vcb::OciProfile p;
  EXPECT_FALSE(vcb::parse_oci_profile("privileged", p));
  EXPECT_TRUE(vcb::parse_oci_profile("default", p));
}

}  // namespace
