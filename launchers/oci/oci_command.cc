#include "oci/oci_command.h"

namespace vcb {
namespace {

std::string cpu_list(const std::vector<int>& cpus) {
  std::string s;
  for (int c : cpus) s += (s.empty() ? "" : ",") + std::to_string(c);
  return s;
}

}  // namespace

bool parse_oci_profile(const std::string& profile, OciProfile& out) {
  out = {};
  if (profile.empty() || profile == "default") return true;
  if (profile == "unconfined") out.unconfined = true;
  else if (profile == "bind") out.bind_scratch = true;
  else return false;
  return true;
}

std::vector<std::string> oci_engine_flags(const OciSpec& spec) {
  std::vector<std::string> f{"--label", "org.vcbench=1", "--label", spec.owner_label};
  if (spec.engine == "podman") {
    // Podman's default rlimits exceed what root may set on these hosts (machine.md); crun refuses
    // hybrid cgroups, so runc is named.
    for (const char* a : {"--runtime", "runc", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768"})
      f.push_back(a);
  }
  return f;
}

std::vector<std::string> oci_common_flags(const OciSpec& spec) {
  // No network, no privileges, no added capabilities, an init as PID 1 (a kernel that is PID 1 sees
  // getppid() == 1 and reaps nothing), and the run's CPUs and memory.
  std::vector<std::string> f{"--network", "none", "--init"};
  for (auto& a : oci_engine_flags(spec)) f.push_back(a);
  if (!spec.cpus.empty()) { f.push_back("--cpuset-cpus"); f.push_back(cpu_list(spec.cpus)); }
  if (spec.memory_mb > 0) { f.push_back("--memory"); f.push_back(std::to_string(spec.memory_mb) + "m"); }
  if (spec.profile.unconfined) { f.push_back("--security-opt"); f.push_back("seccomp=unconfined"); }
  if (spec.profile.bind_scratch) { f.push_back("-v"); f.push_back(spec.host_scratch + ":" + oci_scratch); }
  return f;
}

std::vector<std::string> oci_run_resident(const OciSpec& spec) {
  std::vector<std::string> argv{spec.engine, "run", "-d", "--name", spec.name};
  for (auto& f : oci_common_flags(spec)) argv.push_back(f);
  argv.push_back(spec.image);
  argv.push_back(std::string(oci_programs) + "/vcb-idle");
  return argv;
}

std::vector<std::string> oci_run_once(const OciSpec& spec, const std::vector<std::string>& argv) {
  std::vector<std::string> out{spec.engine, "run", "--rm"};
  for (auto& f : oci_common_flags(spec)) out.push_back(f);
  out.push_back(spec.image);
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::vector<std::string> oci_exec(const OciSpec& spec, const std::vector<std::string>& argv) {
  std::vector<std::string> out{spec.engine, "exec", "-w", oci_scratch, spec.name};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::vector<std::string> oci_run_rank(const OciSpec& spec, const std::string& session_dir) {
  // What Open MPI 4.1 needs in a container (mpi-scaleout.md 4.2): the host's network (PMIx answers
  // on the host's loopback), IPC and PID namespaces (shared-memory segments are found by PID, and
  // two ranks that are both PID 1 crash), ptrace between ranks for single-copy (CMA) transfers,
  // and the session folder at the same path.
  std::vector<std::string> argv{"run", "--rm", "--network", "host", "--ipc", "host", "--pid", "host",
                                "--cap-add", "SYS_PTRACE", "-v", session_dir + ":" + session_dir};
  for (auto& a : oci_engine_flags(spec)) argv.push_back(a);
  if (spec.profile.unconfined) { argv.push_back("--security-opt"); argv.push_back("seccomp=unconfined"); }
  argv.insert(argv.begin(), spec.engine);
  argv.push_back(spec.image);
  return argv;
}

std::vector<std::string> oci_remove(const OciSpec& spec) { return {spec.engine, "rm", "-f", spec.name}; }

}  // namespace vcb
