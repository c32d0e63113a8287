#pragma once
// vcb-availability's flags: the policy and its knobs, and the workload. Every flag that shapes
// the result is a vcb::Kernel param, so it lands in the records' benchmark.params; knobs of other
// policies are refused rather than silently ignored.
#include <cstdint>
#include <memory>
#include <string>

#include "engine/policy.h"
#include "trace/source.h"
#include "vcb/kernel.h"

namespace vcb::sim {

struct Config {
  Policy policy;
  std::string workload = "synthetic";  // a preset name or an SWF file: the batch stream
  std::string od = "synthetic";        // a preset name, an SWF-like file, or "none": the lease stream
  int64_t seed = 1;                    // of the generated streams
  nlohmann::json params = nlohmann::json::object();  // what the Kernel records as benchmark.params
};

// Reads the flags (before Kernel::begin); exits 2 through the kernel on bad values.
Config read_config(Kernel& k);

struct Streams {
  std::unique_ptr<JobSource> batch, od;
};
// Opens the two streams; an Error (exit 2) for a missing file or an unknown preset.
Result<Streams> open_streams(const Config& c);

}  // namespace vcb::sim
