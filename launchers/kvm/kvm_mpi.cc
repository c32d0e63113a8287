#include "kvm/kvm_mpi.h"

namespace vcb {

std::vector<std::string> guest_mpirun_command(const MpiInsideJob& job, const std::vector<std::string>& addresses,
                                              const std::string& subnet) {
  const std::string per_node = std::to_string(job.ranks_per_node);
  std::string hosts;
  for (const auto& a : addresses) hosts += (hosts.empty() ? "" : ",") + a + ":" + per_node;
  if (hosts.empty()) hosts = "localhost:" + std::to_string(job.ranks);
  // --bind-to none: every orted believes it owns the whole guest, and ranks bound by two daemons
  // to the same core would time-slice. mpi_yield_when_idle: ranks that busy-poll starve the
  // emulated vCPUs the others need (the host may have fewer cores than the guests' vCPUs).
  std::vector<std::string> argv = {guest_mpirun_path, "--allow-run-as-root", "-np", std::to_string(job.ranks),
                                   "--host", hosts, "--map-by", "ppr:" + per_node + ":node", "--bind-to", "none",
                                   "--mca", "mpi_yield_when_idle", "1"};
  if (addresses.empty()) {
    // plm isolated: with no other node, mpirun needs no remote-start agent (rsh would insist on one).
    for (const char* w : {"--mca", "plm", "isolated", "--mca", "btl", "self,vader"}) argv.push_back(w);
  } else {
    // The daemons are started by mpirun itself (no tree spawn) through the guests' remote-start
    // service; the TCP traffic stays on the guests' private subnet.
    for (const std::string& w : {std::string("--mca"), std::string("plm_rsh_agent"), std::string(guest_rsh_path),
                                 std::string("--mca"), std::string("plm_rsh_no_tree_spawn"), std::string("1"),
                                 std::string("--mca"), std::string("btl"), std::string("tcp,self,vader"),
                                 std::string("--mca"), std::string("btl_tcp_if_include"), subnet,
                                 std::string("--mca"), std::string("oob_tcp_if_include"), subnet})
      argv.push_back(w);
  }
  argv.insert(argv.end(), job.mpirun_options.begin(), job.mpirun_options.end());
  argv.insert(argv.end(), job.kernel.begin(), job.kernel.end());
  return argv;
}

}  // namespace vcb
