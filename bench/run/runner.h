#pragma once
// `vcbench run`: suite -> matrix -> launcher -> kernel -> records. Inputs are checked before
// anything is written, so bad input leaves no half-written results folder.
#include <string>
#include <vector>

#include "launcher.h"
#include "mpi/layout.h"

namespace vcb {

struct RunOptions {
  std::vector<std::string> suites;   // NAME or FILE.toml, one or more
  std::vector<std::string> envs;     // default: native
  int reps = 0;                      // 0: the suite's own default (5 unless it says otherwise)
  bool quick = false;
  std::string out;                   // default: results/runs/<run-id>
  std::string resume;                // an existing run folder to finish
  MpiOptions mpi;                    // node layout of MPI suites
  std::vector<int> threads;          // replaces the thread axis of threaded benchmarks (scale-up)
  std::vector<std::string> benchmarks;  // only these benchmarks of the suites (empty: all)
  VmOptions vm = vm_options_from_environment();  // --require-kvm, --pci
  bool dry_run = false;              // print the plan and each environment's commands; run nothing
};

// Exit code: 0 all measurements validated, 1 some failed (failure records written), 2 bad input.
int run_command(const RunOptions& options);

}  // namespace vcb
