#pragma once
// Node-seconds per class and idle, integrated over the piecewise-constant machine state, with the
// peaks and the timeline. Idle is integrated from the free-node count, independently of the busy
// counts, so that "batch + on-demand + idle = N x span" is a real check, not an identity.
#include <cstdint>

#include "metrics/timeline.h"

namespace vcb::sim {

class Usage {
 public:
  explicit Usage(int64_t nodes) : nodes_(nodes) {}

  void start(int64_t t0);
  // The state held from the last call until `to`.
  void advance(int64_t to, int64_t batch_busy, int64_t od_busy, int64_t idle);

  int64_t nodes() const { return nodes_; }
  int64_t t_start() const { return t_start_; }
  int64_t now() const { return now_; }
  int64_t span() const { return now_ - t_start_; }
  int64_t batch_node_seconds() const { return batch_; }
  int64_t od_node_seconds() const { return od_; }
  int64_t idle_node_seconds() const { return idle_; }
  int64_t max_batch() const { return max_batch_; }
  int64_t max_od() const { return max_od_; }
  int64_t max_busy() const { return max_busy_; }
  const Timeline& timeline() const { return timeline_; }

 private:
  int64_t nodes_;
  int64_t t_start_ = 0, now_ = 0;
  int64_t batch_ = 0, od_ = 0, idle_ = 0;
  int64_t max_batch_ = 0, max_od_ = 0, max_busy_ = 0;
  Timeline timeline_;
};

}  // namespace vcb::sim
