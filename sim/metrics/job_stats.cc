#include "metrics/job_stats.h"

#include <algorithm>

namespace vcb::sim {

double bounded_slowdown(int64_t wait, int64_t runtime) {
  const double ratio =
      static_cast<double>(wait + runtime) / static_cast<double>(std::max(runtime, kSlowdownBound));
  return std::max(1.0, ratio);
}

void BatchStats::arrived(int64_t submit) { first_submit = std::min(first_submit, submit); }

void BatchStats::finished(int64_t submit, int64_t start, int64_t end, int64_t size) {
  ++jobs;
  const int64_t wait = start - submit;
  sum_wait += wait;
  max_wait = std::max(max_wait, wait);
  // Response over run time: a preempted job's lost runs count as waiting.
  sum_slowdown += bounded_slowdown(wait, end - start);
  last_end = std::max(last_end, end);
  node_seconds += size * (end - start);
}

void BatchStats::preempted(int64_t start, int64_t now, int64_t size) {
  ++preemptions;
  lost_node_seconds += size * (now - start);
  node_seconds += size * (now - start);
}

}  // namespace vcb::sim
