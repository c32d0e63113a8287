#include "kvm/kvm_command.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace vcb {
namespace {

int node_of(const std::vector<HostNode>& host, int cpu) {
  for (const auto& n : host)
    if (std::find(n.cpus.begin(), n.cpus.end(), cpu) != n.cpus.end()) return n.os_index;
  return host.empty() ? 0 : host.front().os_index;
}

}  // namespace

bool parse_kvm_profile(const std::string& profile, KvmProfile& out) {
  out = {};
  if (profile == "naive" || profile.empty()) return true;
  if (profile == "tuned") { out.cpu_host = out.pin = out.numa = true; return true; }
  if (profile == "pinned") { out.pin = true; return true; }
  if (profile == "numa") { out.numa = true; return true; }
  return false;
}

std::vector<GuestNode> mirror_numa(const std::vector<HostNode>& host, const std::vector<int>& cpus, long memory_mb) {
  std::map<int, GuestNode> by_host;  // ordered by host node, so guest node i is stable
  for (size_t v = 0; v < cpus.size(); ++v) {
    const int node = node_of(host, cpus[v]);
    by_host[node].host_node = node;
    by_host[node].vcpus.push_back(static_cast<int>(v));
  }
  std::vector<GuestNode> nodes;
  for (auto& [_, n] : by_host) nodes.push_back(n);
  if (nodes.empty()) return nodes;
  long given = 0;
  for (auto& n : nodes) {
    n.memory_mb = memory_mb * static_cast<long>(n.vcpus.size()) / static_cast<long>(cpus.size()) / 2 * 2;
    given += n.memory_mb;
  }
  nodes.front().memory_mb += memory_mb - given;
  return nodes;
}

std::vector<GuestNode> split_numa(int count, int vcpus, long memory_mb, int host_node) {
  std::vector<GuestNode> nodes;
  if (count < 1 || vcpus < 1) return nodes;
  count = std::min(count, vcpus);  // a guest node needs a vCPU of its own here
  nodes.resize(static_cast<size_t>(count));
  for (int v = 0; v < vcpus; ++v) nodes[static_cast<size_t>(v * count / vcpus)].vcpus.push_back(v);
  long given = 0;
  for (auto& n : nodes) {
    n.host_node = host_node;
    n.memory_mb = memory_mb / count / 2 * 2;
    given += n.memory_mb;
  }
  nodes.front().memory_mb += memory_mb - given;
  return nodes;
}

PinPlan plan_pinning(const std::vector<int>& cpus, const std::vector<int>& allowed) {
  PinPlan plan;
  plan.vcpu_cpus = cpus;
  for (int c : allowed)
    if (std::find(cpus.begin(), cpus.end(), c) == cpus.end()) plan.emulator_cpus.push_back(c);
  return plan;
}

std::vector<std::string> numa_arguments(const KvmSpec& spec) {
  std::vector<std::string> a;
  if (!spec.profile.numa || spec.numa.empty()) {
    if (spec.profile.hugepages && !spec.hugepage_path.empty()) {
      a = {"-object", "memory-backend-file,id=mem0,size=" + std::to_string(spec.memory_mb) + "M,mem-path=" +
                          spec.hugepage_path + ",prealloc=on",
           "-machine", "memory-backend=mem0"};
    }
    return a;
  }
  for (size_t i = 0; i < spec.numa.size(); ++i) {
    const auto& n = spec.numa[i];
    const std::string id = "mem" + std::to_string(i);
    const std::string size = "size=" + std::to_string(n.memory_mb) + "M";
    const std::string bind = ",host-nodes=" + std::to_string(n.host_node) + ",policy=bind";
    a.push_back("-object");
    a.push_back(spec.profile.hugepages && !spec.hugepage_path.empty()
                    ? "memory-backend-file,id=" + id + "," + size + ",mem-path=" + spec.hugepage_path + ",prealloc=on" + bind
                    : "memory-backend-ram,id=" + id + "," + size + bind);
    std::string node = "node,nodeid=" + std::to_string(i) + ",memdev=" + id;
    // -numa node,cpus= takes ranges; one cpus= per vCPU keeps non-contiguous sets exact.
    for (int v : n.vcpus) node += ",cpus=" + std::to_string(v);
    a.push_back("-numa");
    a.push_back(node);
  }
  return a;
}

std::vector<std::string> qemu_command(const KvmSpec& spec) {
  std::vector<std::string> a = {spec.qemu, "-name", spec.name + ",debug-threads=on", "-accel", spec.accel,
                                "-m", std::to_string(spec.memory_mb) + "M", "-smp", std::to_string(spec.vcpus)};
  if (spec.profile.cpu_host && spec.accel == "kvm") {
    a.push_back("-cpu");
    a.push_back("host");
  }
  for (auto& s : numa_arguments(spec)) a.push_back(s);
  // No display, no default devices, and no network unless extra_args adds one: the guest talks to
  // the host only through its two serial ports.
  for (const char* s : {"-display", "none", "-nodefaults", "-no-reboot", "-kernel"}) a.push_back(s);
  a.push_back(spec.kernel);
  a.push_back("-initrd");
  a.push_back(spec.initrd);
  a.push_back("-append");
  a.push_back(spec.append);
  a.push_back("-serial");
  a.push_back("file:" + spec.console_log);
  a.push_back("-chardev");
  a.push_back("socket,id=agent,path=" + spec.agent_socket + ",server=on,wait=off");
  a.push_back("-serial");
  a.push_back("chardev:agent");
  a.push_back("-qmp");
  a.push_back("unix:" + spec.qmp_socket + ",server=on,wait=off");
  for (const auto& bdf : spec.pci_devices) {
    a.push_back("-device");
    a.push_back("vfio-pci,host=" + bdf);
  }
  a.insert(a.end(), spec.extra_args.begin(), spec.extra_args.end());
  return a;
}

std::vector<int> parse_cpu_list(const std::string& text) {
  std::vector<int> cpus;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part.empty()) continue;
    const auto dash = part.find('-');
    const int lo = std::atoi(part.c_str());
    const int hi = dash == std::string::npos ? lo : std::atoi(part.c_str() + dash + 1);
    for (int c = lo; c <= hi; ++c) cpus.push_back(c);
  }
  return cpus;
}

std::string format_cpu_list(const std::vector<int>& cpus) {
  std::vector<int> s = cpus;
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t j = i;
    while (j + 1 < s.size() && s[j + 1] == s[j] + 1) ++j;
    out += (out.empty() ? "" : ",") + std::to_string(s[i]) + (j > i ? "-" + std::to_string(s[j]) : "");
    i = j + 1;
  }
  return out;
}

}  // namespace vcb
