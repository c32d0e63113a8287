#include "engine/cluster.h"

#include <numeric>

namespace vcb::sim {

Cluster::Cluster(std::vector<int64_t> capacities)
    : capacity_(capacities),
      free_(std::move(capacities)),
      pool_busy_(capacity_.size(), {0, 0}),
      by_est_end_(capacity_.size()),
      batch_by_start_(capacity_.size()) {}

int64_t Cluster::total_free() const { return std::accumulate(free_.begin(), free_.end(), int64_t{0}); }

int64_t Cluster::start(const Job& job, JobClass cls, int pool, int64_t now, int64_t seq) {
  const int64_t token = next_token_++;
  Running r{job, cls, pool, now, now + job.runtime, now + job.estimate, seq};
  free_[pool] -= job.size;
  pool_busy_[pool][index(cls)] += job.size;
  busy_[index(cls)] += job.size;
  by_est_end_[pool].insert({r.est_end, token});
  if (cls == JobClass::batch) batch_by_start_[pool].insert({now, token});
  running_.emplace(token, r);
  return token;
}

Running Cluster::remove(int64_t token) {
  auto it = running_.find(token);
  Running r = it->second;
  running_.erase(it);
  free_[r.pool] += r.job.size;
  pool_busy_[r.pool][index(r.cls)] -= r.job.size;
  busy_[index(r.cls)] -= r.job.size;
  by_est_end_[r.pool].erase({r.est_end, token});
  if (r.cls == JobClass::batch) batch_by_start_[r.pool].erase({r.start, token});
  return r;
}

const Running* Cluster::find(int64_t token) const {
  auto it = running_.find(token);
  return it == running_.end() ? nullptr : &it->second;
}

}  // namespace vcb::sim
