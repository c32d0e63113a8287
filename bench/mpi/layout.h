#pragma once
// Where an MPI suite's ranks go: the command line's node layout (--nodes HOSTFILE,
// --ranks-per-node K, --nodes-sweep 1,2,4, --scheduler) applied to the suite's MPI benchmarks,
// and each kernel's rank rule checked before anything is launched.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "suite/suite.h"
#include "util/result.h"

namespace vcb {

struct MpiOptions {
  std::string hostfile;                   // "host [slots=N]" lines; empty: this host only
  int ranks_per_node = 0;                 // 0: the suite's own `ranks` axis
  std::vector<int> nodes_sweep;           // node counts; empty: every node of the hostfile
  std::string scheduler;                  // "" (mpirun, or the Slurm allocation we are in) or "slurm"
  std::vector<std::string> mpirun_args;   // extra mpirun words, e.g. --mca plm_rsh_agent ./agent

  bool multi_node() const { return !hostfile.empty() || scheduler == "slurm"; }
  nlohmann::json to_json() const;
  static MpiOptions from_json(const nlohmann::json& j);
};

struct Hostfile {
  std::vector<std::string> hosts;  // distinct hosts, in file order
};
Result<Hostfile> read_hostfile(const std::string& path);

// "" when `ranks` suits the rule ("any", "power-of-two", "two", "at-least-two"), else why not.
std::string rank_rule_violation(const std::string& rule, long ranks);
bool known_rank_rule(const std::string& rule);

// Rewrites the MPI instances of `suite` for the layout (ranks = nodes x ranks-per-node, a `nodes`
// parameter per sweep point) and checks every MPI instance's rank count against its rule.
// `available_nodes` is the hostfile's (or the Slurm partition's) node count, 1 without either.
Result<int> apply_mpi_layout(Suite& suite, const MpiOptions& options, int available_nodes);

}  // namespace vcb
