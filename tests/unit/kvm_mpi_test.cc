// The MPI guests' pure parts: module load order from modules.dep, the NIC arguments on the
// loopback-bound multicast segment, and guest 0's mpirun command line.
#include <gtest/gtest.h>

#include <algorithm>

#include "kvm/kvm_mpi.h"
#include "kvm/kvm_network.h"

namespace {

bool has_pair(const std::vector<std::string>& argv, const std::string& flag, const std::string& value) {
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i] == flag && argv[i + 1] == value) return true;
  return false;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& w : v) s += w + " ";
  return s;
}

TEST(GuestModules, DependenciesComeFirstAndEachOnce) {
  const std::string dep = "kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko "
                         "kernel/net/core/failover.ko kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko\n"
                         "kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko\n"
                         "kernel/net/core/failover.ko:\n"
                         "kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko\n"
                         "kernel/drivers/virtio/virtio_ring.ko:\n";
  auto order = vcb::module_load_order(dep, {"virtio_net"});
  ASSERT_TRUE(order) << order.error().message;
  auto at = [&](const std::string& name) {
    return std::find_if(order->begin(), order->end(), [&](auto& m) { return m.find(name + ".ko") != std::string::npos; }) -
           order->begin();
  };
  EXPECT_EQ(order->size(), 5u);
  EXPECT_LT(at("failover"), at("net_failover"));
  EXPECT_LT(at("virtio_ring"), at("virtio"));
  EXPECT_EQ(at("virtio_net"), 4);
  EXPECT_FALSE(vcb::module_load_order(dep, {"no_such_module"}));
  EXPECT_FALSE(vcb::module_load_order("kernel/net/core/failover.ko.xz:\n", {"failover"}));  // compressed
}

TEST(GuestNetwork, EveryGuestOnTheLoopbackSegmentWithItsOwnMacAndAddress) {
  vcb::GuestSegment segment{"239.255.78.17", 40000};
  const std::string nic0 = joined(vcb::nic_arguments(0, segment)), nic1 = joined(vcb::nic_arguments(1, segment));
  EXPECT_NE(nic0.find("mcast=239.255.78.17:40000"), std::string::npos);
  EXPECT_NE(nic0.find("localaddr=127.0.0.1"), std::string::npos);  // frames never leave the host
  EXPECT_NE(vcb::guest_mac(0), vcb::guest_mac(1));
  EXPECT_NE(nic1.find(vcb::guest_mac(1)), std::string::npos);
  EXPECT_EQ(vcb::guest_address(0), "10.78.0.1");
  EXPECT_EQ(vcb::guest_address(1), "10.78.0.2");
}

TEST(GuestMpirun, RanksPerGuestThroughTheRemoteStartClientOnTheGuestSubnet) {
  vcb::MpiInsideJob job;
  job.nodes = 2;
  job.ranks = 4;
  job.ranks_per_node = 2;
  job.kernel = {"/opt/vcbench/bin/vcb-npb_ep", "--class", "S"};
  const auto argv = vcb::guest_mpirun_command(job, {"10.78.0.1", "10.78.0.2"}, "10.78.0.0/24");
  EXPECT_EQ(argv.front(), vcb::guest_mpirun_path);
  EXPECT_TRUE(has_pair(argv, "-np", "4"));
  EXPECT_TRUE(has_pair(argv, "plm_rsh_agent", vcb::guest_rsh_path));
  EXPECT_TRUE(has_pair(argv, "btl_tcp_if_include", "10.78.0.0/24"));
  EXPECT_NE(joined(argv).find("10.78.0.1:2,10.78.0.2:2"), std::string::npos);
  EXPECT_EQ(argv.back(), "S");
  const auto one = vcb::guest_mpirun_command(job, {}, "10.78.0.0/24");
  EXPECT_FALSE(has_pair(one, "plm_rsh_agent", vcb::guest_rsh_path));  // one guest: no remote start
}

}  // namespace
