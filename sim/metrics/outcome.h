#pragma once
// What one simulation produced: per-class and overall use of the machine, job outcomes, the
// timeline, and the conservation check that the records carry as their validation.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/policy.h"
#include "metrics/job_stats.h"
#include "metrics/timeline.h"

namespace vcb::sim {

// Node-seconds of every class plus idle must equal N x span, and each class's integral over the
// machine state must equal the sum over its jobs (size x time run). Integers: exact equality.
struct Conservation {
  int64_t batch = 0, od = 0, idle = 0, capacity = 0;  // node-seconds (integrated from the state)
  int64_t batch_jobs = 0, od_jobs = 0;                // node-seconds summed over the jobs
  bool ok() const { return batch + od + idle == capacity && batch == batch_jobs && od == od_jobs; }
  std::string text() const;
};

struct Outcome {
  Policy policy;
  int64_t t_start = 0, t_end = 0;  // first arrival, last completion
  int64_t batch_node_seconds = 0, od_node_seconds = 0, idle_node_seconds = 0;
  int64_t max_batch = 0, max_od = 0, max_busy = 0;  // nodes, over states that lasted
  BatchStats batch;
  OdStats od;
  std::vector<TimelinePoint> timeline;
  int64_t timeline_bin_s = 0;
  int64_t events = 0;
  std::string batch_source, od_source;

  int64_t span() const { return t_end - t_start; }
  // Average share of the machine, in percent of N x span.
  double utilization_pct(int64_t node_seconds) const;
  double peak_pct(int64_t nodes_busy) const;
  Conservation conservation() const;
};

}  // namespace vcb::sim
