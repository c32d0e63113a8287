#pragma once
// An Outcome as vcbench records: one record per metric, with units and direction, the simulation's
// wall time as the timed interval, and the conservation check as every record's validation.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics/outcome.h"
#include "vcb/kernel.h"

namespace vcb::sim {

struct Metric {
  std::string name, unit;
  Better better = Better::lower;
  double value = 0;
  nlohmann::json detail = nlohmann::json::object();
};

// The metrics that exist under the outcome's policy (no batch metrics without batch work, ...).
std::vector<Metric> metrics_of(const Outcome& o);

// {"columns": [...], "bin_s": W, "points": [[t, batch, od, idle], ...]}: utilization over time.
nlohmann::json timeline_json(const Outcome& o);

// Emits every metric through `k`; `params` must be the kernel's own (Config::params).
void emit_outcome(Kernel& k, const nlohmann::json& params, const Outcome& o, double wall_s);

}  // namespace vcb::sim
