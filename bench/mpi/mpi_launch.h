#pragma once
// Runs an MPI measurement: the host's mpirun (over a hostfile or inside a Slurm allocation) or a
// batch job submitted to Slurm, starting each rank in the environment under test.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "launcher.h"
#include "mpi/layout.h"
#include "mpi/mpi_command.h"
#include "suite/suite.h"
#include "util/result.h"

namespace vcb {

struct MpiOutcome {
  ProcessResult result;
  nlohmann::json described;  // environment.mpi of the records: launcher, scheduler, layout, settings
};

class MpiLauncher {
 public:
  MpiLauncher(MpiOptions options, std::string run_id, std::string host_scratch);
  // Checks what the layout needs (mpirun; the hostfile's hosts answer; Slurm answers) before anything
  // runs; returns the number of nodes available.
  Result<int> check();
  MpiOutcome run(Launcher& environment, const Instance& instance, const std::vector<std::string>& kernel_argv);
  // Removes the session folder.
  void finish();

 private:
  ProcessResult run_batch(const std::vector<std::string>& mpirun, const MpiJob& job, double timeout_s,
                          const std::string& what, nlohmann::json& described);

  MpiOptions options_;
  std::string run_id_, scratch_, session_dir_, version_;
  int counter_ = 0;
};

// Open MPI's version ("4.1.4"), empty when mpirun is missing.
std::string open_mpi_version();
// The Slurm controller's answer ("" when it answers), for doctor and the checks.
std::string slurm_problem();

}  // namespace vcb
