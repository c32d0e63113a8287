#pragma once
// Docker and Podman, one code path: a resident container per environment (one long-lived
// container per configuration, lmbench-methods §7.14) in which every kernel is a fresh `exec`, and
// one-shot `run --rm` containers for the startup benchmark.
#include <nlohmann/json.hpp>

#include "launcher.h"
#include "oci/oci_command.h"

namespace vcb {

class OciLauncher : public Launcher {
 public:
  OciLauncher(std::string engine, std::string profile, LaunchContext context);
  Probe probe() override;
  bool start(const Resources& resources, std::string& error) override;
  ProcessResult exec(const std::vector<std::string>& argv, double timeout_s) override;
  ProcessResult launch_fresh(const std::vector<std::string>& argv, double timeout_s) override;
  void stop() override;
  double startup_s() const override { return startup_s_; }
  nlohmann::json describe() const override;
  std::string scratch_dir() const override { return oci_scratch; }
  std::string program_dir() const override { return oci_programs; }
  double environment_cpu_s() const override;
  bool needs_appliance() const override { return true; }
  RankLaunch mpi_ranks(const std::string& session_dir) const override;

 private:
  bool start_resident(std::string& error);
  void remove_abandoned() const;
  nlohmann::json engine_facts() const;

  std::string engine_, profile_name_;
  LaunchContext context_;
  OciSpec spec_;
  nlohmann::json facts_;
  int resident_pid_ = -1;
  int fresh_count_ = 0;
  double startup_s_ = 0;
  bool running_ = false;
};

}  // namespace vcb
