#pragma once
// The QEMU command lines of the KVM launcher, as pure functions (tested without QEMU): one per
// profile, from a spec the launcher fills with what it found on the host.
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb {

// Which tunings a profile turns on. naive = none of them (what a first-time user writes).
struct KvmProfile {
  bool cpu_host = false;   // -cpu host (only with KVM: TCG cannot pass the host CPU through)
  bool pin = false;        // vCPU threads 1:1 on host cores, emulator threads away from them
  bool numa = false;       // guest NUMA nodes mirroring the host's, memory bound to its host node
  bool hugepages = false;  // guest memory from hugetlbfs (asked for separately; see KvmSpec)
};

// "naive" -> {}, "tuned" -> {cpu_host, pin, numa}, "pinned" -> {pin}, "numa" -> {numa};
// false when unknown.
bool parse_kvm_profile(const std::string& profile, KvmProfile& out);

// One host NUMA node as hwloc reports it.
struct HostNode {
  int os_index = 0;
  std::vector<int> cpus;  // PUs of the node
};

// One guest NUMA node: which vCPUs it holds, how much memory, which host node backs it.
struct GuestNode {
  int host_node = 0;
  std::vector<int> vcpus;
  long memory_mb = 0;
};

// Guest nodes mirroring the host's: vCPU i runs on host CPU cpus[i], so it belongs to the guest
// node of that CPU's host node; host nodes without a planned CPU get no guest node. Memory is
// split in proportion to vCPUs (rounded down to 2 MB, the rest to the first node).
std::vector<GuestNode> mirror_numa(const std::vector<HostNode>& host, const std::vector<int>& cpus, long memory_mb);

// `count` guest nodes asked for explicitly (VCBENCH_KVM_NUMA_NODES), all backed by host_node: vCPUs
// in contiguous blocks, memory split evenly. Exposes a NUMA layout the host may not have.
std::vector<GuestNode> split_numa(int count, int vcpus, long memory_mb, int host_node);

// Where each QEMU thread goes: vCPU i -> host CPU vcpu_cpus[i]; every other thread (main loop,
// I/O, RCU) -> emulator_cpus (empty: left where it is, because no core is free).
struct PinPlan {
  std::vector<int> vcpu_cpus;
  std::vector<int> emulator_cpus;
};
// Plans vCPUs on `cpus` (the host cores the environment got) and emulator threads on the allowed
// CPUs that are not among them.
PinPlan plan_pinning(const std::vector<int>& cpus, const std::vector<int>& allowed);

struct KvmSpec {
  std::string qemu = "qemu-system-x86_64";
  std::string name;             // -name, with debug-threads=on so vCPU threads are named "CPU n/…"
  std::string accel = "tcg";    // "kvm" or "tcg"
  KvmProfile profile;
  int vcpus = 1;
  long memory_mb = 1024;
  std::string kernel, initrd, append = "console=ttyS0 quiet panic=-1";
  std::string console_log;      // ttyS0 goes to this file
  std::string agent_socket;     // ttyS1: the agent's channel (unix socket, QEMU listens)
  std::string qmp_socket;       // QMP (unix socket, QEMU listens)
  std::vector<GuestNode> numa;  // used when profile.numa (empty: one flat node)
  std::string hugepage_path;    // hugetlbfs mount, used when profile.hugepages
  std::vector<std::string> pci_devices;  // BDFs handed to vfio-pci (planned by kvm_pci.h)
  std::vector<std::string> extra_args;   // appended as they are (the MPI guests' NIC, kvm_network.h)
};

// The exact argv that starts the guest.
std::vector<std::string> qemu_command(const KvmSpec& spec);
// The -object/-numa arguments alone (also used for the --dry-run style description).
std::vector<std::string> numa_arguments(const KvmSpec& spec);

// "0-2,5" <-> {0,1,2,5}, the format of Cpus_allowed_list.
std::vector<int> parse_cpu_list(const std::string& text);
std::string format_cpu_list(const std::vector<int>& cpus);

}  // namespace vcb
