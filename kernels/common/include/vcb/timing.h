#pragma once
// How a kernel times itself. The iteration count per interval is fixed by the harness (calibrated
// once per benchmark, recorded, and passed unchanged to every environment) or found here when the
// harness asks for a calibration. One interval = `iterations` operations; each kept interval is one
// sample; warm-up intervals are run and discarded.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace vcb {

struct Plan {
  bool calibrate = false;                      // find the iteration count here (--calibrate)
  std::map<std::string, int64_t> iterations;  // --iters N, or --iters point=N,point=N
  int samples = 11;                            // kept intervals (--samples)
  int warmup = 1;                              // discarded intervals (--warmup)
  double target_seconds = 0.01;                // calibration target for one interval (--target-ms)

  // The given count for one series ("" = the kernel's only series); 0 when none was given.
  int64_t iterations_for(const std::string& point) const;
};

struct Series {
  int64_t iterations = 0;        // operations per interval, the same for every kept interval
  bool calibrated_here = false;  // true when found by this process rather than given
  std::vector<double> seconds;   // wall time of each kept interval
  std::string error;             // non-empty when the timed operation failed

  bool ok() const { return error.empty() && !seconds.empty(); }
  std::vector<double> per_op(double scale = 1.0) const;    // seconds / iterations * scale
  std::vector<double> rate(double units_per_op) const;     // units_per_op * iterations / seconds
};

// In-process kernels: Google Benchmark runs `body` with a fixed iteration count per repetition
// (it also calibrates, in calibration mode). The body reports failures with SkipWithError.
Series time_gbench(const Plan& plan, const std::string& point,
                   const std::function<void(benchmark::State&)>& body);

// Kernels whose operation spans processes: `interval(n)` performs n operations and returns the
// seconds they took, timed where the work happens; a negative value means the operation failed.
Series time_manual(const Plan& plan, const std::string& point,
                   const std::function<double(int64_t)>& interval);

// Parses "N" or "point=N,point=N" into Plan::iterations; false on malformed input.
bool parse_iterations(const std::string& text, std::map<std::string, int64_t>& out);

}  // namespace vcb
