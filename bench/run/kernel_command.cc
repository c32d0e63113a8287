#include "run/kernel_command.h"

namespace vcb {
namespace {

std::vector<std::string> base_command(const Instance& instance, const std::string& program_dir,
                                      const std::string& scratch) {
  std::vector<std::string> argv{program_dir + "/" + instance.program};
  for (const auto& [name, value] : instance.params.items()) {
    if (!instance.mpi.empty() && name == "nodes") continue;  // placement, given to mpirun, not the kernel
    argv.push_back("--" + name);
    argv.push_back(value.is_string() ? value.get<std::string>() : value.dump());
  }
  if (instance.uses_dir) {
    argv.push_back("--dir");
    argv.push_back(scratch);
  }
  return argv;
}

}  // namespace

std::vector<std::string> calibration_command(const Instance& instance, const std::string& program_dir,
                                             const std::string& scratch) {
  auto argv = base_command(instance, program_dir, scratch);
  // One kept interval is enough: the calibration run is the warm-up and its values are discarded.
  for (const std::string& a : {std::string("--calibrate"), std::string("--target-ms"),
                               std::to_string(instance.target_ms), std::string("--samples"), std::string("1"),
                               std::string("--warmup"), std::string("0")})
    argv.push_back(a);
  return argv;
}

std::vector<std::string> measurement_command(const Instance& instance, const std::string& program_dir,
                                             const std::string& scratch, const std::string& iterations) {
  auto argv = base_command(instance, program_dir, scratch);
  if (!iterations.empty()) {  // MPI kernels time whole runs (or OSU's own loops): no count to impose
    argv.push_back("--iters");
    argv.push_back(iterations);
  }
  for (const std::string& a : {std::string("--samples"), std::to_string(instance.samples), std::string("--warmup"),
                               std::to_string(instance.warmup)})
    argv.push_back(a);
  return argv;
}

}  // namespace vcb
