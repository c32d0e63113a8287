#pragma once
// CPU and cgroup facts every launcher needs.
#include <string>
#include <vector>

namespace vcb {

// The first PU of every core in hwloc order, restricted to the CPUs this process may use: one
// kernel thread per core, no SMT siblings. Falls back to the allowed CPUs.
std::vector<int> default_cpus();

// Cumulative CPU seconds used by the cgroup that process `pid` is in (cpuacct on cgroup v1,
// cpu.stat on v2); negative when unreadable. Lets the trust counters tell a container's own work
// from other load, since a kernel run through `docker exec` is not a child of the harness.
double cgroup_cpu_seconds(int pid);

}  // namespace vcb
