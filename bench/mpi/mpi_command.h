#pragma once
// The command lines of an MPI measurement, as pure functions (tested without MPI): mpirun for a
// host or a hostfile, and the batch script plus sbatch call that run the same mpirun under Slurm.
#include <string>
#include <vector>

#include "launcher.h"

namespace vcb {

struct MpiJob {
  int ranks = 1;
  int nodes = 1;
  int ranks_per_node = 1;
  std::string hostfile;               // "" on this host or inside a Slurm allocation
  bool in_allocation = false;         // mpirun takes its nodes from Slurm (sbatch, salloc)
  std::string session_dir;            // Open MPI's session folder, shared with containerised ranks
  bool as_root = false;
  int host_cores = 1;                 // cores of one node (this host's)
  std::vector<std::string> extra;     // the user's own mpirun words
  RankLaunch environment;             // the environment's rank prefix and MCA settings
  std::vector<std::string> kernel;    // the kernel's argv as seen by a rank
};

std::vector<std::string> mpirun_command(const MpiJob& job);

// A POSIX shell script that execs `argv` (each word quoted).
std::string batch_script(const std::vector<std::string>& argv, const std::string& comment);
std::vector<std::string> sbatch_command(const MpiJob& job, const std::string& script, const std::string& out,
                                        const std::string& err, double timeout_s, const std::string& name);


}  // namespace vcb
