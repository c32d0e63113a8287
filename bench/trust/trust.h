#pragma once
// Trust counters sampled just before and after each measurement (the BenchExec pattern): CPU time
// used by other processes meanwhile, load, swap-ins, thermal throttling. Unknown stays null.
#include <nlohmann/json.hpp>
#include <optional>

namespace vcb {

struct TrustSample {
  double wall_s = 0;                       // CLOCK_MONOTONIC
  double busy_s = 0;                       // all CPUs: user+nice+system+irq+softirq, from /proc/stat
  double steal_s = 0;                      // time a hypervisor took from this host's CPUs
  double self_s = 0;                       // this harness process (user+system)
  double load1 = -1;                       // /proc/loadavg
  long long pswpin = -1;                   // /proc/vmstat
  std::optional<long long> throttle;       // sum of thermal_throttle counts, if readable
};

TrustSample sample_trust();

// `children_cpu_s` is the CPU time of the measured process tree (from wait4's rusage).
// {"other_cpu_s","other_load","steal_s","load1_before","load1_after","swap_ins","throttle_events","disturbed"}
nlohmann::json trust_delta(const TrustSample& before, const TrustSample& after, double children_cpu_s,
                           int cpus);

}  // namespace vcb
