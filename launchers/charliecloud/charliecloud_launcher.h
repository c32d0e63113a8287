#pragma once
// Charliecloud: the unprivileged HPC container runtime. `ch-run` runs the appliance's root file
// system directory as it is (no conversion, so the digest covers the very bits that run), one
// ch-run per kernel. It makes a user and a mount namespace only (PID, network, IPC and UTS stay the
// host's), adds no seccomp filter and no cgroup: the CPU binding is applied around ch-run and read
// back inside; a memory limit cannot be applied and the record says so.
#include <optional>

#include "charliecloud/ch_image.h"
#include "launcher.h"

namespace vcb {

class CharliecloudLauncher : public Launcher {
 public:
  explicit CharliecloudLauncher(LaunchContext context) : context_(std::move(context)) {}
  Probe probe() override;
  bool start(const Resources& resources, std::string& error) override;
  ProcessResult exec(const std::vector<std::string>& argv, double timeout_s) override;
  ProcessResult launch_fresh(const std::vector<std::string>& argv, double timeout_s) override {
    return exec(argv, timeout_s);  // every ch-run is already a fresh container
  }
  void stop() override {}
  double startup_s() const override { return 0; }
  nlohmann::json describe() const override;
  std::string scratch_dir() const override { return "/scratch"; }
  std::string program_dir() const override { return "/opt/vcbench/bin"; }
  bool needs_appliance() const override { return true; }
  RankLaunch mpi_ranks(const std::string& session_dir) const override;

 private:
  std::string rootfs() const { return image_ ? image_->dir : context_.appliance_dir + "/rootfs"; }

  LaunchContext context_;
  std::optional<ChImage> image_;  // a user-named image (VCBENCH_CH_IMAGE) instead of the appliance
  std::vector<int> cpus_;
  long memory_mb_requested_ = 0;
  std::string version_, checkns_;
};

// ch-run's command line for one program: the run's scratch folder bind-mounted at /scratch.
std::vector<std::string> ch_run_command(const std::string& rootfs, const std::string& host_scratch,
                                        const std::vector<std::string>& argv);

}  // namespace vcb
