#pragma once
// Seeded synthetic workloads, generated lazily (one job per pull) so that a year-long stream costs
// no memory. A StreamSpec is the whole recipe: written into records and SWF headers, it says
// exactly how a workload was made.
#include <cstdint>
#include <string>

#include "trace/rng.h"
#include "trace/source.h"

namespace vcb::sim {

struct StreamSpec {
  std::string name = "synthetic";
  uint64_t seed = 1;
  int64_t count = 100;              // jobs (or requests) in the stream
  double mean_interarrival_s = 60;  // Poisson arrivals
  int64_t size_min = 1, size_max = 8;
  bool pow2_sizes = false;                          // sizes 2^k, k uniform: the power-of-two bias of HPC logs
  double runtime_min_s = 60, runtime_max_s = 3600;  // log-uniform
  double overestimate_max = 1.0;                    // requested time = run time x U[1, overestimate_max]

  std::string describe() const;
};

class GeneratedSource : public JobSource {
 public:
  explicit GeneratedSource(StreamSpec spec) : spec_(std::move(spec)), rng_(spec_.seed) {}
  Result<std::optional<Job>> next() override;
  std::string describe() const override { return spec_.describe(); }

 private:
  int64_t draw_size();

  StreamSpec spec_;
  Rng rng_;
  int64_t made_ = 0;
  double clock_ = 0;
};

// The shipped workloads (see sim/README.md): "synthetic" is the availability suite's, "year" the
// long trace of the timing script. Both streams of a preset derive their seeds from one seed.
enum class Stream { batch, od };
Result<StreamSpec> preset(const std::string& name, Stream stream, uint64_t seed);

// One SWF line for a job (fields the simulator does not use are -1).
std::string swf_line(const Job& job);

}  // namespace vcb::sim
