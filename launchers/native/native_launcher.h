#pragma once
// Bare metal: kernels run as child processes of the harness, bound to CPUs chosen from the hwloc
// topology (all cores by default), so "native" is the baseline every other environment is held to.
#include "launcher.h"

namespace vcb {

class NativeLauncher : public Launcher {
 public:
  explicit NativeLauncher(std::string scratch) : scratch_(std::move(scratch)) {}
  Probe probe() override;
  bool start(const Resources& resources, std::string& error) override;
  ProcessResult exec(const std::vector<std::string>& argv, double timeout_s) override;
  void stop() override {}
  double startup_s() const override { return 0; }
  nlohmann::json describe() const override;
  std::string scratch_dir() const override { return scratch_; }

 private:
  std::string scratch_;
  std::vector<int> cpus_;
};

}  // namespace vcb
