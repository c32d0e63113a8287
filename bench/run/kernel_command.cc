#include "run/kernel_command.h"

namespace vcb {
namespace {

std::vector<std::string> base_command(const Instance& instance, const std::string& program_dir,
                                      const std::string& scratch) {
  std::vector<std::string> argv{program_dir + "/" + instance.program};
  for (const auto& [name, value] : instance.params.items()) {
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
  for (const std::string& a : {std::string("--iters"), iterations, std::string("--samples"),
                               std::to_string(instance.samples), std::string("--warmup"),
                               std::to_string(instance.warmup)})
    argv.push_back(a);
  return argv;
}

}  // namespace vcb
