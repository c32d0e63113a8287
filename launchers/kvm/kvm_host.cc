#include "kvm/kvm_host.h"

#include <fcntl.h>
#include <hwloc.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "appliance/appliance.h"
#include "common/cpus.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

bool set_affinity(int tid, const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus) CPU_SET(c, &set);
  return sched_setaffinity(tid, sizeof set, &set) == 0;
}

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

long read_long(const std::string& path) {
  std::ifstream in(path);
  long v = -1;
  in >> v;
  return v;
}

}  // namespace

std::string find_guest_kernel() {
  if (const char* named = getenv("VCBENCH_KVM_KERNEL"); named && *named) return named;
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/boot", ec))
    if (e.path().filename().string().rfind("vmlinuz-", 0) == 0) found.push_back(e.path().string());
  std::sort(found.begin(), found.end());
  return found.empty() ? "" : found.back();
}

std::string agent_path() { return appliance::own_program_dir() + "/vcbench-kvm-agent"; }
std::string guest_rsh_client_path() { return appliance::own_program_dir() + "/vcbench-guest-rsh"; }

std::string kvm_unusable_reason() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string text((std::istreambuf_iterator<char>(cpuinfo)), std::istreambuf_iterator<char>());
  const bool flag = text.find(" vmx") != std::string::npos || text.find(" svm") != std::string::npos;
  if (access("/dev/kvm", F_OK) != 0)
    return flag ? "no /dev/kvm (modprobe kvm_intel or kvm_amd)" : "no /dev/kvm and no vmx/svm CPU flag";
  const int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return "no access to /dev/kvm (add the user to group kvm)";
  close(fd);
  return "";
}

std::vector<HostNode> host_numa_nodes() {
  std::vector<HostNode> nodes;
  hwloc_topology_t topo;
  if (hwloc_topology_init(&topo) == 0 && hwloc_topology_load(topo) == 0) {
    const int n = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
    for (int i = 0; i < n; ++i) {
      hwloc_obj_t obj = hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(i));
      HostNode node{static_cast<int>(obj->os_index), {}};
      unsigned pu;
      hwloc_bitmap_foreach_begin(pu, obj->cpuset) node.cpus.push_back(static_cast<int>(pu));
      hwloc_bitmap_foreach_end();
      nodes.push_back(node);
    }
    hwloc_topology_destroy(topo);
  }
  if (nodes.empty()) nodes.push_back({0, allowed_cpus()});
  return nodes;
}

std::string hugepage_mount(long memory_mb, std::string& why) {
  const long free_pages = read_long("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages");
  if (free_pages * 2 < memory_mb) {
    why = "only " + std::to_string(std::max(0L, free_pages)) + " free 2 MB pages for " + std::to_string(memory_mb) +
          " MB (echo N > /proc/sys/vm/nr_hugepages)";
    return "";
  }
  std::ifstream mounts("/proc/mounts");
  std::string dev, dir, type, rest;
  while (mounts >> dev >> dir >> type && std::getline(mounts, rest))
    if (type == "hugetlbfs") return dir;
  why = "no hugetlbfs mounted (mount -t hugetlbfs none /dev/hugepages)";
  return "";
}

std::string thread_cpus(int pid, int tid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Cpus_allowed_list:", 0) == 0) {
      const auto v = line.find_first_not_of(" \t", 18);
      return v == std::string::npos ? "" : line.substr(v);
    }
  return "";
}

std::vector<int> thread_ids(int pid) {
  std::vector<int> tids;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec))
    tids.push_back(std::atoi(e.path().filename().c_str()));
  std::sort(tids.begin(), tids.end());
  return tids;
}

nlohmann::json read_back_only(int pid, const std::vector<int>& vcpu_tids) {
  nlohmann::json vcpus = nlohmann::json::array();
  for (size_t i = 0; i < vcpu_tids.size(); ++i)
    vcpus.push_back({{"vcpu", i}, {"tid", vcpu_tids[i]}, {"cpus_allowed", thread_cpus(pid, vcpu_tids[i])}});
  return {{"method", "none (QEMU defaults: the host scheduler places vCPU threads)"}, {"vcpu_threads", vcpus}};
}

nlohmann::json pin_and_verify(int pid, const std::vector<int>& vcpu_tids, const PinPlan& plan) {
  nlohmann::json vcpus = nlohmann::json::array(), emulator = nlohmann::json::array();
  bool verified = vcpu_tids.size() == plan.vcpu_cpus.size();
  for (size_t i = 0; i < vcpu_tids.size() && i < plan.vcpu_cpus.size(); ++i) {
    set_affinity(vcpu_tids[i], {plan.vcpu_cpus[i]});
    const std::string got = thread_cpus(pid, vcpu_tids[i]);
    verified = verified && got == std::to_string(plan.vcpu_cpus[i]);
    vcpus.push_back({{"vcpu", i}, {"tid", vcpu_tids[i]}, {"planned", plan.vcpu_cpus[i]}, {"cpus_allowed", got}});
  }
  for (int tid : thread_ids(pid)) {
    if (std::find(vcpu_tids.begin(), vcpu_tids.end(), tid) != vcpu_tids.end()) continue;
    if (!plan.emulator_cpus.empty()) set_affinity(tid, plan.emulator_cpus);
    const std::string got = thread_cpus(pid, tid);
    if (!plan.emulator_cpus.empty()) verified = verified && got == format_cpu_list(plan.emulator_cpus);
    emulator.push_back({{"tid", tid}, {"cpus_allowed", got}});
  }
  return {{"method", "sched_setaffinity of QEMU threads (vCPU thread ids from QMP query-cpus-fast)"},
          {"cpus", plan.vcpu_cpus},
          {"emulator_cpus", plan.emulator_cpus.empty() ? nlohmann::json("not pinned: no host core left over")
                                                       : nlohmann::json(format_cpu_list(plan.emulator_cpus))},
          {"vcpu_threads", vcpus}, {"emulator_threads", emulator}, {"verified", verified}};
}

std::vector<int> vcpu_thread_ids(const nlohmann::json& cpus) {
  std::vector<int> tids;
  if (!cpus.is_array()) return tids;
  for (const auto& c : cpus) tids.push_back(c.value("thread-id", 0));
  return tids;
}

}  // namespace vcb
