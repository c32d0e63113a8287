#pragma once
// Bare metal: kernels run as child processes of the harness, bound to CPUs chosen from the hwloc
// topology (all cores by default), so "native" is the baseline every other environment is held to.
#include "launcher.h"

namespace vcb {

class NativeLauncher : public Launcher {
 public:
  explicit NativeLauncher(LaunchContext context) : context_(std::move(context)) {}
  Probe probe() override;
  bool start(const Resources& resources, std::string& error) override;
  ProcessResult exec(const std::vector<std::string>& argv, double timeout_s) override;
  ProcessResult launch_fresh(const std::vector<std::string>& argv, double timeout_s) override {
    return exec(argv, timeout_s);  // natively every program already starts in a fresh process
  }
  void stop() override {}
  double startup_s() const override { return 0; }
  nlohmann::json describe() const override;
  std::string scratch_dir() const override { return context_.host_scratch; }
  std::string program_dir() const override { return context_.host_programs; }
  RankLaunch mpi_ranks(const std::string&) const override {
    return {{}, {}, {{"model", "native: mpirun starts the kernel itself"}}, ""};
  }

 private:
  LaunchContext context_;
  std::vector<int> cpus_;
};

}  // namespace vcb
