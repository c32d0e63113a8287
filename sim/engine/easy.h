#pragma once
// FCFS with EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001). Jobs start in arrival order
// while they fit. When the head does not fit, it gets a reservation at the "shadow time", the
// earliest time enough running work is *estimated* to have ended; a later job may jump ahead
// only if it fits now and either ends (by its estimate) before the shadow time or uses only the
// "extra" nodes the head will not need then. So backfilling never delays the head job.
#include <cstdint>
#include <functional>
#include <map>

#include "engine/cluster.h"

namespace vcb::sim {

using BatchQueue = std::map<int64_t, Job>;  // arrival sequence -> job: FCFS order
using StartFn = std::function<void(int64_t seq, const Job& job)>;

struct Reservation {
  bool found = false;
  int64_t shadow = 0;  // when the head job can start at the latest
  int64_t extra = 0;   // nodes free at the shadow time beyond the head's
};

// The head's reservation, given `avail` nodes usable by batch work now.
Reservation reserve_head(int64_t head_size, int64_t avail, const Cluster& cluster, int pool);

// One scheduling pass over `queue` with `avail` nodes usable by batch work; `start` must place the
// job on `cluster` before it returns (the reservation is computed after the head jobs started).
// Backfilling looks at most `depth` jobs past the head, as production schedulers bound it (Slurm's
// bf_max_job_test, Maui's BACKFILLDEPTH): without a bound, an overloaded year re-scans a queue of
// tens of thousands at every completion. It considers jobs from sequence `scan_from` on: when
// nothing has ended since the last pass, nodes and reservation are as they were, so only newly
// arrived jobs can start.
void easy_pass(BatchQueue& queue, int64_t avail, int64_t now, const Cluster& cluster, int pool,
               const StartFn& start, int64_t depth, int64_t scan_from = 0);

}  // namespace vcb::sim
