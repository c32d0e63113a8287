#pragma once
// Host-side facts and actions of the KVM launcher: the guest kernel, the agent, /dev/kvm, the
// host's NUMA nodes (hwloc), hugepages, and pinning QEMU's threads with the read-back that
// proves it.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kvm/kvm_command.h"

namespace vcb {

// VCBENCH_KVM_KERNEL, else the newest /boot/vmlinuz-*; empty when there is none.
std::string find_guest_kernel();
// The static guest agent next to the vcbench binary (build/bin/vcbench-kvm-agent).
std::string agent_path();
// The static remote-start client of the MPI guests, next to the agent (build/bin/vcbench-guest-rsh).
std::string guest_rsh_client_path();
// Empty when /dev/kvm can be opened read-write; otherwise why not (no vmx/svm, no node, no access).
std::string kvm_unusable_reason();
// hwloc's NUMA nodes with their PUs (one node with every allowed CPU when hwloc has none).
std::vector<HostNode> host_numa_nodes();
// The hugetlbfs mount when enough free 2 MB pages for memory_mb exist; otherwise empty and `why`.
std::string hugepage_mount(long memory_mb, std::string& why);

// The host thread id of each vCPU, from QMP query-cpus-fast's answer (in vCPU order).
std::vector<int> vcpu_thread_ids(const nlohmann::json& query_cpus_fast);

// The Cpus_allowed_list of one thread of `pid`, as read back from /proc.
std::string thread_cpus(int pid, int tid);
// Every thread id of `pid`.
std::vector<int> thread_ids(int pid);

// Pins vCPU i's thread (tids from QMP query-cpus-fast) to plan.vcpu_cpus[i] and every other
// QEMU thread to plan.emulator_cpus (when not empty), then reads every affinity back. The JSON is
// the record's "binding": planned, read back, and whether they agree.
nlohmann::json pin_and_verify(int pid, const std::vector<int>& vcpu_tids, const PinPlan& plan);
// The same read-back without pinning (naive: shows where the scheduler may run the vCPUs).
nlohmann::json read_back_only(int pid, const std::vector<int>& vcpu_tids);

}  // namespace vcb
