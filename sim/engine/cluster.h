#pragma once
// Which nodes are free and what runs where. Nodes are counted, not named: jobs ask for a number
// of nodes and the model has no topology. A machine is one pool (shared policies) or two
// (static partitions: pool 0 batch, pool 1 on-demand).
#include <array>
#include <cstdint>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "trace/job.h"

namespace vcb::sim {

struct Running {
  Job job;
  JobClass cls = JobClass::batch;
  int pool = 0;
  int64_t start = 0;
  int64_t end = 0;      // when it really ends
  int64_t est_end = 0;  // when the scheduler believes it ends (start + estimate)
  int64_t seq = 0;      // batch: queue position to return to if preempted
};

class Cluster {
 public:
  explicit Cluster(std::vector<int64_t> capacities);

  int pools() const { return static_cast<int>(capacity_.size()); }
  int64_t capacity(int pool) const { return capacity_[pool]; }
  int64_t free(int pool) const { return free_[pool]; }
  int64_t total_free() const;
  int64_t busy(JobClass cls) const { return busy_[index(cls)]; }
  int64_t busy(int pool, JobClass cls) const { return pool_busy_[pool][index(cls)]; }

  // Places `job` now (it must fit); returns its run token.
  int64_t start(const Job& job, JobClass cls, int pool, int64_t now, int64_t seq);
  // Removes a run (finished or preempted) and returns it.
  Running remove(int64_t token);
  const Running* find(int64_t token) const;

  // (estimated end, token) of everything running in a pool: EASY's view of the future.
  const std::set<std::pair<int64_t, int64_t>>& by_est_end(int pool) const { return by_est_end_[pool]; }
  // (start, token) of batch runs in a pool: the latest started is the cheapest to preempt.
  const std::set<std::pair<int64_t, int64_t>>& batch_by_start(int pool) const {
    return batch_by_start_[pool];
  }

 private:
  static int index(JobClass c) { return c == JobClass::batch ? 0 : 1; }

  std::vector<int64_t> capacity_, free_;
  std::vector<std::array<int64_t, 2>> pool_busy_;
  std::array<int64_t, 2> busy_{0, 0};
  std::unordered_map<int64_t, Running> running_;
  std::vector<std::set<std::pair<int64_t, int64_t>>> by_est_end_, batch_by_start_;
  int64_t next_token_ = 1;
};

}  // namespace vcb::sim
