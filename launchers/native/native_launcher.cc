#include "native/native_launcher.h"

#include <sys/utsname.h>

#include <algorithm>

#include "common/cpus.h"

namespace vcb {

Probe NativeLauncher::probe() {
  return {true, "kernels run as child processes of vcbench", ""};
}

bool NativeLauncher::start(const Resources& resources, std::string& error) {
  cpus_ = resources.cpus.empty() ? default_cpus() : resources.cpus;
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
          {"binding", {{"method", "sched_setaffinity to hwloc cores"}, {"cpus", cpus_}}},
          {"programs", "build"}, {"programs_dir", context_.host_programs}};
}

}  // namespace vcb
