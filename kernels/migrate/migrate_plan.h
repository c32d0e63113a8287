#pragma once
// Everything decided before a migration starts, as pure functions (tested without QEMU): the two
// guests' QEMU specs for a kvm/<profile> environment, the destination's extra arguments, the
// transport (unix socket, or TCP between two network namespaces) and its commands.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kvm/kvm_command.h"

namespace vcb::migrate {

struct MigrateOptions {
  std::string profile = "naive";  // of --environment kvm/<profile>
  long memory_mb = 256;
  long dirty_mb_s = 0;
  long working_set_mb = 0;         // 0: a quarter of guest memory
  long max_bandwidth_mb_s = 0;     // 0 = unlimited
  long downtime_limit_ms = 300;    // QEMU's default
  std::string mode = "precopy";    // precopy | postcopy
  std::string transport = "unix";  // unix | tcp-netns
  double timeout_s = 60;           // from `migrate` until QEMU must have completed
  int vcpus = 1;
};

// The working set the workload dirties: asked for, or a quarter of guest memory.
long working_set_mb(const MigrateOptions& o);

// What the host offers the guests (filled by the caller from probe_kvm and hwloc).
struct HostFacts {
  std::string accel, kernel;
  std::vector<int> cpus;           // default_cpus(): the CPUs a launcher would plan on
  std::vector<HostNode> numa_nodes;
};

// The guest of one side ("src" or "dst"), its files in `dir`, planned as KvmLauncher::plan would
// for that profile: vCPUs on the first `vcpus` host CPUs, NUMA nodes mirroring the host's (numa,
// tuned), QEMU's name carrying our pid so tests can find the process.
KvmSpec guest_spec(const MigrateOptions& o, const HostFacts& host, const std::string& dir, const std::string& side,
                   const std::string& initrd, int pid);
// The pinning the launcher would apply for that profile (empty vcpu_cpus: not pinned).
PinPlan guest_pinning(const MigrateOptions& o, const HostFacts& host);
// What this kernel starts, in the record schema's environment terms (resources, binding, vcpus,
// numa): the runner puts it in place of the harness's resident guest, which is not what migrated.
nlohmann::json started_environment(const MigrateOptions& o, const HostFacts& host);

// The destination's command: the same QEMU arguments plus "-incoming defer" (the URI comes over
// QMP, after the capabilities are set).
std::vector<std::string> destination_command(const KvmSpec& spec);

// Two "nodes": network namespaces joined by a veth pair whose addresses exist only inside them.
struct NetnsPlan {
  std::string source_ns, destination_ns;  // vcbm-<pid>-s, vcbm-<pid>-d
  std::string source_if, destination_if;  // veth ends (15 characters at most)
  std::string source_ip, destination_ip;  // 10.79.<pid % 256>.1 and .2
  int port = 4444;                        // the destination listens here, inside its namespace
};
NetnsPlan netns_plan(int pid);
// `ip` commands that create the pair (in order) and the ones that remove it.
std::vector<std::vector<std::string>> netns_setup_commands(const NetnsPlan& p);
std::vector<std::vector<std::string>> netns_teardown_commands(const NetnsPlan& p);
// The pid a namespace of ours was made by (0 when the name is not ours): finds what a killed run left.
int netns_owner(const std::string& name);
// argv run inside namespace `ns` (ip netns exec execs it: the QEMU pid stays the child's).
std::vector<std::string> in_netns(const std::string& ns, const std::vector<std::string>& argv);

// The URI both sides use: unix:<dir>/migrate.sock, or tcp:<destination ip>:<port>.
std::string migration_uri(const MigrateOptions& o, const std::string& dir, const NetnsPlan& p);

}  // namespace vcb::migrate
