#pragma once
// On-demand requests waiting for nodes. Each waits at most its wait time; requests are served in
// arrival order, but a small one that fits is not held up behind a large one that does not (a
// cloud answers each request on its own).
#include <cstdint>
#include <functional>
#include <list>
#include <vector>

#include "engine/cluster.h"

namespace vcb::sim {

struct Lease {
  Job job;
  int64_t seq = 0;
  int64_t deadline = 0;  // rejected if still waiting at this time
};

class LeaseQueue {
 public:
  void add(const Lease& lease);
  bool empty() const { return waiting_.empty(); }
  int64_t demand() const { return demand_; }  // nodes the waiting requests ask for
  // Offers each waiting request to `place` in arrival order; placed ones leave the queue.
  void serve(const std::function<bool(const Lease&)>& place);
  // Drops the requests whose deadline has come and returns them.
  std::vector<Lease> expire(int64_t now);

 private:
  std::list<Lease> waiting_;
  int64_t demand_ = 0;
};

// "Fill the gaps": the batch runs to preempt so that `size` nodes are free in `pool`, latest
// started first (they lose the least work); empty when even preempting all would not do.
std::vector<int64_t> preemption_victims(const Cluster& cluster, int pool, int64_t size);

}  // namespace vcb::sim
