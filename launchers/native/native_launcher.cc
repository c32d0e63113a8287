#include "native/native_launcher.h"

#include <hwloc.h>
#include <sys/utsname.h>

#include <algorithm>

#include "vcb/affinity.h"

namespace vcb {
namespace {

// The first PU of every core, in topology order: one kernel thread per core, no SMT siblings.
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

}  // namespace

Probe NativeLauncher::probe() {
  return {true, "kernels run as child processes of vcbench", ""};
}

bool NativeLauncher::start(const Resources& resources, std::string& error) {
  const auto allowed = allowed_cpus();
  cpus_ = resources.cpus.empty() ? hwloc_core_cpus() : resources.cpus;
  std::erase_if(cpus_, [&](int c) { return std::find(allowed.begin(), allowed.end(), c) == allowed.end(); });
  if (cpus_.empty()) cpus_ = allowed;
  if (cpus_.empty()) {
    error = "no CPU is allowed for this process (sched_getaffinity returned none)";
    return false;
  }
  return true;
}

ProcessResult NativeLauncher::exec(const std::vector<std::string>& argv, double timeout_s) {
  ProcessOptions options;
  options.timeout_s = timeout_s;
  options.cpus = cpus_;
  return run_process(argv, options);
}

nlohmann::json NativeLauncher::describe() const {
  utsname u{};
  uname(&u);
  return {{"name", "native"}, {"kind", "native"}, {"profile", "default"},
          {"runtime", std::string("linux ") + u.release}, {"accel", nullptr},
          {"resources", {{"cpus", cpus_}, {"memory_mb", nullptr}}},
          {"binding", {{"method", "sched_setaffinity to hwloc cores"}, {"cpus", cpus_}}}};
}

}  // namespace vcb
