// The recipes of the shipped workloads. Changing a number here changes the suite's results:
// sim/README.md documents them and the tests pin their totals.
#include "trace/generator.h"

namespace vcb::sim {
namespace {

// The two streams of a preset must not share random numbers, yet come from one seed.
uint64_t od_seed(uint64_t seed) { return seed ^ 0x6f6e2d64656d616eULL; }  // "on-deman"

// A few hours of a 128-node testbed, in the spirit of the seed study's trace (sim/README.md):
// batch work offering ~83% of the machine while it arrives (2.2 h), and on-demand leases of 1-4
// nodes for up to half an hour (~19%), whose arrivals end before the batch work's.
StreamSpec synthetic(Stream s, uint64_t seed) {
  if (s == Stream::batch) {
    return {.name = "synthetic batch",
            .seed = seed,
            .count = 240,
            .mean_interarrival_s = 38,
            .size_min = 1,
            .size_max = 32,
            .pow2_sizes = true,
            .runtime_min_s = 10,
            .runtime_max_s = 1800,
            .overestimate_max = 3.0};
  }
  // On-demand leases end when the lease says: the scheduler knows their length exactly.
  return {.name = "synthetic on-demand",
          .seed = od_seed(seed),
          .count = 114,
          .mean_interarrival_s = 60,
          .size_min = 1,
          .size_max = 4,
          .pow2_sizes = false,
          .runtime_min_s = 120,
          .runtime_max_s = 1800,
          .overestimate_max = 1.0};
}

// A year of a large site (4096 nodes): ~300k batch jobs up to 256 nodes and 12 h, ~78% offered
// load, and ~30k on-demand leases. For the timing script, not the suite.
StreamSpec year(Stream s, uint64_t seed) {
  if (s == Stream::batch) {
    return {.name = "year batch",
            .seed = seed,
            .count = 300000,
            .mean_interarrival_s = 105,
            .size_min = 1,
            .size_max = 256,
            .pow2_sizes = true,
            .runtime_min_s = 30,
            .runtime_max_s = 43200,
            .overestimate_max = 3.0};
  }
  return {.name = "year on-demand",
          .seed = od_seed(seed),
          .count = 30000,
          .mean_interarrival_s = 1051,
          .size_min = 1,
          .size_max = 64,
          .pow2_sizes = false,
          .runtime_min_s = 600,
          .runtime_max_s = 14400,
          .overestimate_max = 1.0};
}

}  // namespace

Result<StreamSpec> preset(const std::string& name, Stream stream, uint64_t seed) {
  if (name == "synthetic") return synthetic(stream, seed);
  if (name == "year") return year(stream, seed);
  return Error{"unknown workload preset '" + name + "'; presets: synthetic, year (or give an SWF file)"};
}

}  // namespace vcb::sim
