// The KVM launcher's pure parts: QEMU command lines per profile, NUMA mirroring, pinning plans,
// PCI passthrough planning against a fake sysfs tree (no IOMMU exists on the development host),
// and the initramfs writer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "kvm/initramfs.h"
#include "kvm/kvm_command.h"
#include "kvm/kvm_pci.h"

namespace vcb {
namespace {
namespace fs = std::filesystem;

bool has(const std::vector<std::string>& a, const std::string& s) { return std::find(a.begin(), a.end(), s) != a.end(); }

std::string after(const std::vector<std::string>& a, const std::string& flag) {
  const auto it = std::find(a.begin(), a.end(), flag);
  return it == a.end() || it + 1 == a.end() ? "" : *(it + 1);
}

int count(const std::vector<std::string>& a, const std::string& s) {
  return static_cast<int>(std::count(a.begin(), a.end(), s));
}

KvmSpec spec_for(const std::string& profile, const std::string& accel) {
  KvmSpec s;
  EXPECT_TRUE(parse_kvm_profile(profile, s.profile));
  s.name = "vcb-" + profile;
  s.accel = accel;
  s.vcpus = 2;
  s.memory_mb = 1024;
  s.kernel = "/boot/vmlinuz";
  s.initrd = "/tmp/x/initramfs.cpio";
  s.console_log = "/tmp/x/console.log";
  s.agent_socket = "/tmp/x/agent.sock";
  s.qmp_socket = "/tmp/x/qmp.sock";
  return s;
}

const std::vector<HostNode> two_nodes = {{0, {0, 1, 2, 3}}, {1, {4, 5, 6, 7}}};

TEST(KvmProfile, KnownAndUnknown) {
  KvmProfile p;
  EXPECT_TRUE(parse_kvm_profile("naive", p));
  EXPECT_FALSE(p.cpu_host || p.pin || p.numa || p.hugepages);
  EXPECT_TRUE(parse_kvm_profile("tuned", p));
  EXPECT_TRUE(p.cpu_host && p.pin && p.numa);
  EXPECT_TRUE(parse_kvm_profile("pinned", p));
  EXPECT_TRUE(p.pin && !p.cpu_host && !p.numa);
  EXPECT_FALSE(parse_kvm_profile("turbo", p));
}

TEST(KvmCommand, NaiveIsWhatAFirstTimeUserWrites) {
  const auto a = qemu_command(spec_for("naive", "kvm"));
  EXPECT_EQ(a.front(), "qemu-system-x86_64");
  EXPECT_EQ(after(a, "-smp"), "2");
  EXPECT_EQ(after(a, "-accel"), "kvm");
  EXPECT_EQ(after(a, "-m"), "1024M");
  EXPECT_FALSE(has(a, "-cpu"));   // default CPU model
  EXPECT_FALSE(has(a, "-numa"));  // one flat node
  EXPECT_FALSE(has(a, "-object"));
  EXPECT_FALSE(has(a, "-netdev"));  // no network
  EXPECT_EQ(after(a, "-kernel"), "/boot/vmlinuz");
  EXPECT_EQ(after(a, "-initrd"), "/tmp/x/initramfs.cpio");
  EXPECT_EQ(count(a, "-serial"), 2);  // ttyS0 console, ttyS1 agent
  EXPECT_TRUE(has(a, "chardev:agent"));
  EXPECT_TRUE(has(a, "socket,id=agent,path=/tmp/x/agent.sock,server=on,wait=off"));
  EXPECT_EQ(after(a, "-qmp"), "unix:/tmp/x/qmp.sock,server=on,wait=off");
  EXPECT_EQ(after(a, "-name"), "vcb-naive,debug-threads=on");
}

TEST(KvmCommand, TunedUsesHostCpuOnlyUnderKvm) {
  auto s = spec_for("tuned", "kvm");
  s.numa = mirror_numa(two_nodes, {0, 4}, 1024);
  const auto kvm = qemu_command(s);
  EXPECT_EQ(after(kvm, "-cpu"), "host");
  EXPECT_EQ(count(kvm, "-numa"), 2);
  s.accel = "tcg";
  EXPECT_FALSE(has(qemu_command(s), "-cpu"));  // TCG cannot pass the host CPU through
}

TEST(KvmCommand, PinnedChangesNoArgumentOfNaive) {
  auto naive = qemu_command(spec_for("naive", "tcg"));
  auto pinned = qemu_command(spec_for("pinned", "tcg"));
  naive[2] = pinned[2] = "";  // only the name differs: pinning happens after the boot, through QMP
  EXPECT_EQ(naive, pinned);
}

TEST(KvmNuma, MirrorsTheHostNodesOfThePlannedCpus) {
  const auto nodes = mirror_numa(two_nodes, {0, 1, 4, 5}, 2048);
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].host_node, 0);
  EXPECT_EQ(nodes[0].vcpus, (std::vector<int>{0, 1}));
  EXPECT_EQ(nodes[1].host_node, 1);
  EXPECT_EQ(nodes[1].vcpus, (std::vector<int>{2, 3}));
  EXPECT_EQ(nodes[0].memory_mb + nodes[1].memory_mb, 2048);
  EXPECT_EQ(nodes[1].memory_mb, 1024);
}

TEST(KvmNuma, CpusOnOneNodeGiveOneGuestNode) {
  const auto nodes = mirror_numa(two_nodes, {4, 6}, 1000);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].host_node, 1);
  EXPECT_EQ(nodes[0].memory_mb, 1000);
}

TEST(KvmNuma, AskedForNodesSplitTheVcpus) {
  const auto nodes = split_numa(2, 4, 1024, 0);
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].vcpus, (std::vector<int>{0, 1}));
  EXPECT_EQ(nodes[1].vcpus, (std::vector<int>{2, 3}));
  EXPECT_EQ(nodes[0].memory_mb + nodes[1].memory_mb, 1024);
  EXPECT_EQ(split_numa(3, 2, 1024, 0).size(), 2u);  // never a node without a vCPU
}

TEST(KvmNuma, BackendsBindEachGuestNodeToItsHostNode) {
  auto s = spec_for("tuned", "kvm");
  s.numa = mirror_numa(two_nodes, {0, 4}, 1024);
  const auto a = numa_arguments(s);
  EXPECT_TRUE(has(a, "memory-backend-ram,id=mem0,size=512M,host-nodes=0,policy=bind"));
  EXPECT_TRUE(has(a, "memory-backend-ram,id=mem1,size=512M,host-nodes=1,policy=bind"));
  EXPECT_TRUE(has(a, "node,nodeid=0,memdev=mem0,cpus=0"));
  EXPECT_TRUE(has(a, "node,nodeid=1,memdev=mem1,cpus=1"));
}

TEST(KvmNuma, HugepagesUseAFileBackend) {
  auto s = spec_for("tuned", "kvm");
  s.numa = mirror_numa(two_nodes, {0, 1}, 1024);
  s.profile.hugepages = true;
  s.hugepage_path = "/dev/hugepages";
  EXPECT_TRUE(has(numa_arguments(s),
                  "memory-backend-file,id=mem0,size=1024M,mem-path=/dev/hugepages,prealloc=on,host-nodes=0,policy=bind"));
  auto flat = spec_for("pinned", "kvm");
  flat.profile.hugepages = true;
  flat.hugepage_path = "/dev/hugepages";
  const auto a = numa_arguments(flat);
  EXPECT_TRUE(has(a, "memory-backend-file,id=mem0,size=1024M,mem-path=/dev/hugepages,prealloc=on"));
  EXPECT_TRUE(has(a, "memory-backend=mem0"));
}

TEST(KvmPinning, EmulatorThreadsGoWhereNoVcpuIs) {
  const auto plan = plan_pinning({2, 3}, {0, 1, 2, 3});
  EXPECT_EQ(plan.vcpu_cpus, (std::vector<int>{2, 3}));
  EXPECT_EQ(plan.emulator_cpus, (std::vector<int>{0, 1}));
  EXPECT_TRUE(plan_pinning({0, 1}, {0, 1}).emulator_cpus.empty());  // two cores, two vCPUs: none left
}

TEST(KvmPinning, CpuLists) {
  EXPECT_EQ(parse_cpu_list("0-2,5"), (std::vector<int>{0, 1, 2, 5}));
  EXPECT_EQ(parse_cpu_list("3"), (std::vector<int>{3}));
  EXPECT_EQ(format_cpu_list({5, 0, 1, 2}), "0-2,5");
  EXPECT_EQ(format_cpu_list({1}), "1");
}

// A fake /sys: devices under bus/pci/devices, groups under kernel/iommu_groups, drivers as links.
class FakeSysfs : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("vcb-sysfs-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "bus/pci/drivers/vfio-pci");
    fs::create_directories(root_ / "bus/pci/drivers/mlx5_core");
    for (const char* f : {"bus/pci/drivers_probe", "bus/pci/drivers/vfio-pci/unbind", "bus/pci/drivers/mlx5_core/bind",
                          "bus/pci/drivers/mlx5_core/unbind"})
      std::ofstream(root_ / f) << "";
  }
  std::string text(const std::string& relative) const {
    std::ifstream in(root_ / relative);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void TearDown() override { fs::remove_all(root_); }
  void device(const std::string& bdf, int group, const std::string& driver, const std::string& cls = "0x020000") {
    const fs::path dev = root_ / "bus/pci/devices" / bdf;
    fs::create_directories(dev);
    std::ofstream(dev / "class") << cls << "\n";
    std::ofstream(dev / "vendor") << "0x15b3\n";
    std::ofstream(dev / "device") << "0x1017\n";
    std::ofstream(dev / "driver_override") << "(null)\n";
    if (group >= 0) {
      const fs::path g = root_ / "kernel/iommu_groups" / std::to_string(group);
      fs::create_directories(g / "devices");
      fs::create_directory_symlink(dev, g / "devices" / bdf);
      fs::create_directory_symlink(g, dev / "iommu_group");
    }
    if (!driver.empty()) fs::create_directory_symlink(root_ / "bus/pci/drivers" / driver, dev / "driver");
  }
  std::string root() const { return root_.string(); }
  fs::path root_;
};

TEST_F(FakeSysfs, AbsentDeviceAndBadAddressAreRefused) {
  EXPECT_FALSE(plan_passthrough(root(), "0000:81:00.0"));
  EXPECT_NE(plan_passthrough(root(), "0000:81:00.0").error().message.find("no PCI device"), std::string::npos);
  EXPECT_NE(plan_passthrough(root(), "81:00.0").error().message.find("not a PCI address"), std::string::npos);
}

TEST_F(FakeSysfs, DeviceWithoutIommuGroupIsRefused) {
  device("0000:81:00.0", -1, "mlx5_core");
  const auto plan = plan_passthrough(root(), "0000:81:00.0");
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("intel_iommu=on"), std::string::npos);
}

TEST_F(FakeSysfs, CleanGroupIsPlannedWithBindStepsAndQemuArguments) {
  device("0000:81:00.0", 12, "mlx5_core");
  const auto plan = plan_passthrough(root(), "0000:81:00.0");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan.value().iommu_group, 12);
  EXPECT_EQ(plan.value().driver, "mlx5_core");
  EXPECT_TRUE(plan.value().needs_bind);
  EXPECT_EQ(plan.value().qemu_args, (std::vector<std::string>{"-device", "vfio-pci,host=0000:81:00.0"}));
  ASSERT_EQ(plan.value().bind_steps.size(), 3u);
  EXPECT_EQ(plan.value().bind_steps[0].second, "vfio-pci");
  EXPECT_NE(plan.value().bind_steps[1].first.find("driver/unbind"), std::string::npos);
}

TEST_F(FakeSysfs, GroupWithAnotherDeviceInUseIsRefused) {
  device("0000:81:00.0", 12, "mlx5_core");
  device("0000:81:00.1", 12, "mlx5_core");
  const auto plan = plan_passthrough(root(), "0000:81:00.0");
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("0000:81:00.1"), std::string::npos);
}

TEST_F(FakeSysfs, GroupMembersOnVfioUnboundOrBridgesAreAccepted) {
  device("0000:81:00.0", 12, "vfio-pci");
  device("0000:81:00.1", 12, "vfio-pci");
  device("0000:81:00.2", 12, "");
  device("0000:80:01.0", 12, "pcieport", "0x060400");
  const auto plan = plan_passthrough(root(), "0000:81:00.0");
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_FALSE(plan.value().needs_bind);  // already on vfio-pci
  EXPECT_TRUE(plan.value().bind_steps.empty());
  EXPECT_EQ(plan.value().group.size(), 4u);
}

TEST_F(FakeSysfs, DevicesPassedTogetherDoNotBlockTheirGroup) {
  device("0000:81:00.0", 12, "mlx5_core");
  device("0000:81:00.1", 12, "mlx5_core");
  const auto plan = plan_passthrough(root(), "0000:81:00.0", {"0000:81:00.0", "0000:81:00.1"});
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan.value().vendor_device, "15b3:1017");
}

TEST_F(FakeSysfs, RestoreStepsGiveTheDeviceBackToItsDriver) {
  device("0000:81:00.0", 12, "mlx5_core");
  const auto plan = plan_passthrough(root(), "0000:81:00.0");
  ASSERT_TRUE(plan) << plan.error().message;
  const auto& steps = plan.value().restore_steps;
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0], std::make_pair(root() + "/bus/pci/drivers/vfio-pci/unbind", std::string("0000:81:00.0")));
  EXPECT_EQ(steps[1].first, root() + "/bus/pci/devices/0000:81:00.0/driver_override");
  EXPECT_EQ(steps[2], std::make_pair(root() + "/bus/pci/drivers/mlx5_core/bind", std::string("0000:81:00.0")));
}

// The fake kernel does not move the device when told to: the bind must notice, say so, and undo
// its own writes (override cleared, the original driver asked to take the device back).
TEST_F(FakeSysfs, BindThatDoesNotTakeEffectIsReportedAndUndone) {
  device("0000:81:00.0", 12, "mlx5_core");
  const auto plan = plan_passthrough(root(), "0000:81:00.0");
  ASSERT_TRUE(plan) << plan.error().message;
  const auto bound = bind_to_vfio(root(), plan.value());
  ASSERT_FALSE(bound);
  EXPECT_NE(bound.error().message.find("still on mlx5_core"), std::string::npos) << bound.error().message;
  EXPECT_EQ(text("bus/pci/drivers/mlx5_core/unbind"), "0000:81:00.0");  // the bind's own steps ran
  EXPECT_EQ(text("bus/pci/drivers_probe"), "0000:81:00.0");
  EXPECT_EQ(text("bus/pci/devices/0000:81:00.0/driver_override"), "\n");  // then were undone
  EXPECT_EQ(text("bus/pci/drivers/mlx5_core/bind"), "0000:81:00.0");
}

TEST_F(FakeSysfs, MissingSysfsFileIsAnErrorNotANewFile) {
  device("0000:81:00.0", 12, "mlx5_core");
  auto plan = plan_passthrough(root(), "0000:81:00.0");
  ASSERT_TRUE(plan);
  fs::remove(root_ / "bus/pci/drivers_probe");
  const auto bound = bind_to_vfio(root(), plan.value());
  ASSERT_FALSE(bound);
  EXPECT_NE(bound.error().message.find("drivers_probe"), std::string::npos);
  EXPECT_FALSE(fs::exists(root_ / "bus/pci/drivers_probe"));
}

TEST(KvmPci, GuestPciIdsAreReadFromTheViewScript) {
  EXPECT_EQ(guest_pci_ids("node 0 0-1\npci 0x8086 0x1237\npci 0x15b3 0x1017\nonline 0-1\n"),
            (std::vector<std::string>{"8086:1237", "15b3:1017"}));
}

TEST(KvmInitramfs, SameInputGivesSameBytesWithAgentAsInit) {
  const fs::path dir = fs::temp_directory_path() / ("vcb-initramfs-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "rootfs/opt/vcbench/bin");
  std::ofstream(dir / "rootfs/opt/vcbench/bin/vcb-x") << "program";
  fs::create_symlink("usr/bin", dir / "rootfs/bin");
  std::ofstream(dir / "agent") << "agent bytes";
  auto a = write_initramfs((dir / "rootfs").string(), (dir / "agent").string(), (dir / "a.cpio").string());
  auto b = write_initramfs((dir / "rootfs").string(), (dir / "agent").string(), (dir / "b.cpio").string());
  ASSERT_TRUE(a && b);
  std::ifstream fa(dir / "a.cpio"), fb(dir / "b.cpio");
  const std::string sa((std::istreambuf_iterator<char>(fa)), {}), sb((std::istreambuf_iterator<char>(fb)), {});
  EXPECT_EQ(sa, sb);
  EXPECT_EQ(sa.size(), *a);
  EXPECT_EQ(sa.rfind("070701", 0), 0u);
  EXPECT_NE(sa.find("TRAILER!!!"), std::string::npos);
  EXPECT_NE(sa.find("init"), std::string::npos);
  EXPECT_NE(sa.find("agent bytes"), std::string::npos);
  EXPECT_NE(sa.find(std::string("bin\0\0\0usr/bin", 13)), std::string::npos);  // a link stays a link (name, pad, target)
  EXPECT_FALSE(write_initramfs((dir / "rootfs").string(), (dir / "missing").string(), (dir / "c.cpio").string()));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vcb
