#pragma once
// The mpirun an MPI job runs inside guest 0 (one guest per node), as a pure function.
#include <string>
#include <vector>

#include "launcher.h"

namespace vcb {

// Where the remote-start client sits in the MPI guests' initramfs.
inline constexpr const char* guest_rsh_path = "/vcb/bin/vcb-guest-rsh";
// The guests' own mpirun (the appliance carries Open MPI's launcher side).
inline constexpr const char* guest_mpirun_path = "/usr/bin/mpirun";

// mpirun with job.ranks_per_node ranks on each address (one per guest); an empty list means one
// guest and no network: the ranks stay on the guest's loopback and shared memory.
std::vector<std::string> guest_mpirun_command(const MpiInsideJob& job, const std::vector<std::string>& addresses,
                                              const std::string& subnet);

}  // namespace vcb
