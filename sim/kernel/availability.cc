// vcb-availability: on-demand vs on-availability, a trace-driven cluster simulation (sim/README.md).
// One process simulates one policy on one workload once (the simulation is deterministic), and
// writes one record per metric; the timed interval is the simulation's own wall time.
//
//   vcb-availability --policy static --batch_share 75 --wait_s 30 --workload synthetic --seed 1
//   vcb-availability --policy dynamic --reserve 8 --workload site.swf --od leases.swf --nodes 4096
//
// Exit 2 for bad input: an unknown flag, an impossible policy, or a bad trace line (FILE:LINE).
#include <algorithm>
#include <chrono>

#include "engine/simulator.h"
#include "kernel/config.h"
#include "kernel/records.h"
#include "vcb/kernel.h"

int main(int argc, char** argv) {
  vcb::Kernel k("availability", argc, argv);
  const vcb::sim::Config config = vcb::sim::read_config(k);
  k.begin();
  auto streams = vcb::sim::open_streams(config);
  if (!streams) k.usage_error(streams.error().message);
  const auto start = std::chrono::steady_clock::now();
  auto outcome = vcb::sim::simulate(config.policy, *streams->batch, *streams->od);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  if (!outcome) {
    if (outcome.error().exit_code == 2) k.usage_error(outcome.error().message);
    k.emit_failure(outcome.error().message);
    return k.finish();
  }
  vcb::sim::emit_outcome(k, config.params, *outcome, std::max(wall.count(), 1e-9));
  return k.finish();
}
