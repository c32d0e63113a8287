#include "engine/leases.h"

namespace vcb::sim {

void LeaseQueue::add(const Lease& lease) {
  waiting_.push_back(lease);
  demand_ += lease.job.size;
}

void LeaseQueue::serve(const std::function<bool(const Lease&)>& place) {
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (!place(*it)) {
      ++it;
      continue;
    }
    demand_ -= it->job.size;
    it = waiting_.erase(it);
  }
}

std::vector<Lease> LeaseQueue::expire(int64_t now) {
  std::vector<Lease> dropped;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (it->deadline > now) {
      ++it;
      continue;
    }
    demand_ -= it->job.size;
    dropped.push_back(*it);
    it = waiting_.erase(it);
  }
  return dropped;
}

std::vector<int64_t> preemption_victims(const Cluster& cluster, int pool, int64_t size) {
  std::vector<int64_t> victims;
  int64_t free = cluster.free(pool);
  const auto& runs = cluster.batch_by_start(pool);
  for (auto it = runs.rbegin(); it != runs.rend() && free < size; ++it) {
    victims.push_back(it->second);
    free += cluster.find(it->second)->job.size;
  }
  if (free < size) victims.clear();
  return victims;
}

}  // namespace vcb::sim
