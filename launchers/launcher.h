#pragma once
// How a command reaches an environment (DESIGN.md, "A launcher"): probe, start, exec, stop.
// One small class per environment, created by name through the registry below.
#include <nlohmann/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/subprocess.h"

namespace vcb {

struct Probe {
  bool ok = false;
  std::string detail;  // what was found
  std::string fix;     // the exact next step when !ok
};

// The KVM launcher's options (`vcbench run --require-kvm --pci BDF`); the VCBENCH_* variables of
// vm_options_from_environment() are their defaults, so scripts that set them keep working.
struct VmOptions {
  bool require_kvm = false;       // no TCG fallback: a run without working KVM is bad input
  std::vector<std::string> pci;   // BDFs handed to kvm/tuned guests through vfio-pci
  bool hugepages = false;         // guest memory from hugetlbfs where enough pages are free
  int numa_nodes = 0;             // guest NUMA nodes asked for explicitly (0: mirror the host's)
  nlohmann::json to_json() const;
  static VmOptions from_json(const nlohmann::json& j);
};
VmOptions vm_options_from_environment();

// What every launcher of one run shares.
struct LaunchContext {
  std::string run_id;
  std::string host_scratch;      // the run's scratch folder on the host
  std::string host_programs;     // the build's program folder (build/bin)
  std::string appliance_dir;     // where `vcbench appliance build` put rootfs, tarball and digest
  std::string appliance_digest;  // "sha256:…"
  VmOptions vm = vm_options_from_environment();
};

// How MPI ranks reach an environment in the hybrid model: the host's mpirun (or srun, through
// Slurm) starts `prefix + kernel argv` once per rank; the rank's own Open MPI connects back to it.
struct RankLaunch {
  std::vector<std::string> prefix;          // empty natively; e.g. vcb-rank-env docker run ... IMAGE
  std::vector<std::string> mpirun_options;  // MCA settings the environment needs
  nlohmann::json settings = nlohmann::json::object();  // each setting named, for the records
  std::string error;                        // non-empty: this environment cannot host MPI ranks
};

// An MPI job that an environment runs itself, because the host's mpirun cannot start its ranks
// (VM guests: one guest per node, mpirun inside the first).
struct MpiInsideJob {
  int nodes = 1;
  int ranks = 1;
  int ranks_per_node = 1;
  std::vector<std::string> kernel;          // the kernel's argv as seen inside
  std::vector<std::string> mpirun_options;  // the user's extra mpirun words
  double timeout_s = 60;
};

struct Resources {
  std::vector<int> cpus;  // host CPUs granted to the environment (empty = all allowed)
  long memory_mb = 0;     // 0 = no limit
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  virtual Probe probe() = 0;
  // What `vcbench list envs` shows: the same answer where probing is cheap; a launcher whose full
  // probe costs seconds (KVM boots a guest) checks only what it can without that.
  virtual Probe quick_probe() { return probe(); }
  // Brings the environment up; returns false with `error` set when it cannot.
  virtual bool start(const Resources& resources, std::string& error) = 0;
  // Runs a program inside the running environment (argv[0] is a path under program_dir()).
  virtual ProcessResult exec(const std::vector<std::string>& argv, double timeout_s) = 0;
  // Runs a program in a fresh environment made for it and torn down after it (the startup
  // benchmark): fork+exec natively, `run --rm` for containers.
  virtual ProcessResult launch_fresh(const std::vector<std::string>& argv, double timeout_s) = 0;
  virtual void stop() = 0;
  // What start() would do, without doing it (`vcbench run --dry-run`): the exact commands and
  // plans, one line each; empty where the environment's description says it all.
  virtual std::vector<std::string> dry_run(const Resources&) { return {}; }
  // Seconds start() took (startup time is itself a result).
  virtual double startup_s() const = 0;
  // The environment part of a record: kind, profile, runtime, accel, resources, binding in effect.
  virtual nlohmann::json describe() const = 0;
  // Where kernels may create files, as seen by the kernel inside the environment.
  virtual std::string scratch_dir() const = 0;
  // Where the kernel programs are, as seen inside the environment.
  virtual std::string program_dir() const = 0;
  // Cumulative CPU seconds of work inside the environment that is not a child of the harness (a
  // container's cgroup); the trust counters subtract it so a kernel is never its own "other load".
  virtual double environment_cpu_s() const { return 0; }
  // False when programs inside read another CLOCK_MONOTONIC than the harness (a VM guest): then a
  // launch stamp (--t0) taken on the host means nothing inside.
  virtual bool shares_host_clock() const { return true; }
  // True when the environment runs the appliance's bits (containers, VMs) rather than the build.
  virtual bool needs_appliance() const { return false; }
  // The hybrid-model launch of MPI ranks; `session_dir` is Open MPI's session folder on the host
  // (shared with every rank so PMIx and shared-memory files meet).
  virtual RankLaunch mpi_ranks(const std::string& session_dir) const;
  // Runs a whole MPI job inside the environment; nullopt when the environment has no such path and
  // the host's mpirun starts its ranks (mpi_ranks). `described` gets the settings for the records.
  virtual std::optional<ProcessResult> run_mpi(const MpiInsideJob&, nlohmann::json&) { return std::nullopt; }
};

struct EnvironmentInfo {
  std::string name;         // "native", later "docker", "kvm/tuned", ...
  std::string description;
};

std::vector<EnvironmentInfo> known_environments();
// nullptr with `error` naming the known environments when `name` is unknown.
std::unique_ptr<Launcher> make_launcher(const std::string& name, const LaunchContext& context, std::string& error);

}  // namespace vcb
