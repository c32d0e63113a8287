#include "mpi/mpi_command.h"

#include <algorithm>
#include <cmath>

namespace vcb {
namespace {

bool has_word(const std::vector<std::string>& v, const std::string& w) {
  return std::find(v.begin(), v.end(), w) != v.end();
}

void add(std::vector<std::string>& v, std::initializer_list<std::string> words) {
  v.insert(v.end(), words.begin(), words.end());
}

}  // namespace

std::vector<std::string> mpirun_command(const MpiJob& job) {
  std::vector<std::string> argv{"mpirun"};
  if (job.as_root) argv.push_back("--allow-run-as-root");
  add(argv, {"-np", std::to_string(job.ranks)});
  if (!job.hostfile.empty()) add(argv, {"--hostfile", job.hostfile});
  if (!job.hostfile.empty() || job.in_allocation)
    add(argv, {"--map-by", "ppr:" + std::to_string(job.ranks_per_node) + ":node"});
  const int per_node = job.hostfile.empty() && !job.in_allocation ? job.ranks : job.ranks_per_node;
  const bool oversubscribed = per_node > job.host_cores;
  if (oversubscribed) argv.push_back("--oversubscribe");
  // One rank per core when they fit; more ranks than cores must float, and then yield when they
  // wait, or busy-polling ranks take each other's time slices (mpi-scaleout.md 7.2).
  if (!has_word(job.extra, "--bind-to")) add(argv, {"--bind-to", oversubscribed ? "none" : "core"});
  if (oversubscribed) add(argv, {"--mca", "mpi_yield_when_idle", "1"});
  add(argv, {"--mca", "orte_tmpdir_base", job.session_dir});
  argv.insert(argv.end(), job.environment.mpirun_options.begin(), job.environment.mpirun_options.end());
  argv.insert(argv.end(), job.extra.begin(), job.extra.end());
  argv.insert(argv.end(), job.environment.prefix.begin(), job.environment.prefix.end());
  argv.insert(argv.end(), job.kernel.begin(), job.kernel.end());
  return argv;
}

std::string batch_script(const std::vector<std::string>& argv, const std::string& comment) {
  std::string s = "#!/bin/sh\n# " + comment + "\nexec";
  for (const auto& a : argv) s += " " + shell_quote(a);
  return s + "\n";
}

std::vector<std::string> sbatch_command(const MpiJob& job, const std::string& script, const std::string& out,
                                        const std::string& err, double timeout_s, const std::string& name) {
  const long minutes = std::max(1L, static_cast<long>(std::ceil(timeout_s / 60.0)));
  std::vector<std::string> argv{"sbatch", "--parsable", "--job-name", name,
                                "--nodes", std::to_string(job.nodes),
                                "--ntasks-per-node", std::to_string(job.ranks_per_node),
                                "--time", std::to_string(minutes), "--output", out, "--error", err};
  if (job.ranks_per_node > job.host_cores) argv.push_back("--overcommit");
  argv.push_back(script);
  return argv;
}

}  // namespace vcb
