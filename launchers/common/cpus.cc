#include "common/cpus.h"

#include <hwloc.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "vcb/affinity.h"
#include "vcb/context.h"

namespace vcb {
namespace {

std::vector<int> hwloc_core_cpus() {
  std::vector<int> cpus;
  hwloc_topology_t topo;
  if (hwloc_topology_init(&topo) != 0) return cpus;
  if (hwloc_topology_load(topo) == 0) {
    const int cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
    for (int i = 0; i < cores; ++i) {
      hwloc_obj_t core = hwloc_get_obj_by_type(topo, HWLOC_OBJ_CORE, static_cast<unsigned>(i));
      const int pu = hwloc_bitmap_first(core->cpuset);
      if (pu >= 0) cpus.push_back(pu);
    }
  }
  hwloc_topology_destroy(topo);
  return cpus;
}

// "4:cpu,cpuacct:/docker/abc" -> the path of the named v1 controller, or the v2 path ("0::/x").
std::string cgroup_path(int pid, const std::string& controller) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    std::stringstream names(line.substr(first + 1, second - first - 1));
    std::string name;
    while (std::getline(names, name, ','))
      if (name == controller) return line.substr(second + 1);
    if (controller.empty() && line.substr(first + 1, second - first - 1).empty()) return line.substr(second + 1);
  }
  return "";
}

}  // namespace

std::vector<int> default_cpus() {
  const auto allowed = allowed_cpus();
  auto cpus = hwloc_core_cpus();
  std::erase_if(cpus, [&](int c) { return std::find(allowed.begin(), allowed.end(), c) == allowed.end(); });
  return cpus.empty() ? allowed : cpus;
}

double cgroup_cpu_seconds(int pid) {
  const std::string v1 = cgroup_path(pid, "cpuacct");
  if (!v1.empty()) {
    for (const char* mount : {"/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpu,cpuacct"}) {
      const std::string usage = read_first_line(std::string(mount) + v1 + "/cpuacct.usage");
      if (!usage.empty()) return std::stod(usage) * 1e-9;
    }
  }
  const std::string v2 = cgroup_path(pid, "");
  std::ifstream stat("/sys/fs/cgroup" + v2 + "/cpu.stat");
  std::string key;
  long long value = 0;
  while (stat >> key >> value)
    if (key == "usage_usec") return static_cast<double>(value) * 1e-6;
  return -1;
}

}  // namespace vcb
