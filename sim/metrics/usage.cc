#include "metrics/usage.h"

#include <algorithm>

namespace vcb::sim {

void Usage::start(int64_t t0) {
  t_start_ = now_ = t0;
  timeline_.start(t0);
}

void Usage::advance(int64_t to, int64_t batch_busy, int64_t od_busy, int64_t idle) {
  const int64_t dt = to - now_;
  if (dt <= 0) return;
  batch_ += batch_busy * dt;
  od_ += od_busy * dt;
  idle_ += idle * dt;
  // Peaks of states that lasted: an instant between two events at the same time is not a state.
  max_batch_ = std::max(max_batch_, batch_busy);
  max_od_ = std::max(max_od_, od_busy);
  max_busy_ = std::max(max_busy_, batch_busy + od_busy);
  timeline_.add(now_, to, batch_busy, od_busy);
  now_ = to;
}

}  // namespace vcb::sim
