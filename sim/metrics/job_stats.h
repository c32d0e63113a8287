#pragma once
// Per-class outcomes, accumulated as jobs finish (nothing per job is kept: traces stream).
#include <cstdint>
#include <limits>

namespace vcb::sim {

// Bounded slowdown (Feitelson et al.): (wait + run) / max(run, bound), at least 1. The bound keeps
// jobs of a few seconds from dominating the mean with huge ratios.
inline constexpr int64_t kSlowdownBound = 10;  // s
double bounded_slowdown(int64_t wait, int64_t runtime);

struct BatchStats {
  int64_t jobs = 0;      // finished
  int64_t dropped = 0;   // larger than the nodes batch work may ever use: never run
  int64_t sum_wait = 0;  // s, submit to (last) start
  int64_t max_wait = 0;
  double sum_slowdown = 0;
  int64_t first_submit = std::numeric_limits<int64_t>::max();
  int64_t last_end = 0;
  int64_t node_seconds = 0;  // work done, preempted runs included (counted from the jobs)
  int64_t max_queue = 0;     // longest the batch queue got (jobs waiting)
  int64_t preemptions = 0;
  int64_t lost_node_seconds = 0;  // work of preempted runs, redone from the start

  void arrived(int64_t submit);
  void finished(int64_t submit, int64_t start, int64_t end, int64_t size);
  void preempted(int64_t start, int64_t now, int64_t size);
  double mean_wait() const { return jobs ? static_cast<double>(sum_wait) / jobs : 0; }
  double mean_slowdown() const { return jobs ? sum_slowdown / jobs : 0; }
  int64_t makespan() const { return jobs ? last_end - first_submit : 0; }
};

struct OdStats {
  int64_t requests = 0;
  int64_t served = 0;
  int64_t rejected = 0;   // not served within the wait (or larger than its partition)
  int64_t too_large = 0;  // of the rejected: could never fit
  int64_t sum_wait = 0;   // s, over served requests
  int64_t max_wait = 0;
  int64_t node_seconds = 0;  // lease time served (counted from the requests)

  double mean_wait() const { return served ? static_cast<double>(sum_wait) / served : 0; }
  double rejected_pct() const { return requests ? 100.0 * static_cast<double>(rejected) / requests : 0; }
};

}  // namespace vcb::sim
