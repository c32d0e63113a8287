#pragma once
// The workload's counter sampled on the host's clock: every 100 ms, QMP `xp` reads the counter
// word at its guest-physical address from whichever QEMU runs the guest (no command runs in the
// guest, so sampling neither loads nor dirties it).
#include <cstdint>
#include <vector>

#include "kvm/kvm_qmp.h"
#include "timeline.h"

namespace vcb::migrate {

inline constexpr double sample_period_s = 0.1;

class Sampler {
 public:
  explicit Sampler(uint64_t address) : address_(address) {}
  // One sample now; none when QEMU does not answer in time.
  void sample(QmpClient& qmp);
  // Samples for `seconds` at the sampling period.
  void sample_for(QmpClient& qmp, double seconds);
  // Sleeps until the next sample is due: on schedule, never a burst after a slow one.
  void pause_until_next();
  // Host seconds relative to the first sample (the timeline's origin).
  double relative(double t) const { return samples_.empty() ? 0 : t - samples_.front().t_s; }
  const std::vector<Sample>& samples() const { return samples_; }
  static double now_s();

 private:
  uint64_t address_;
  std::vector<Sample> samples_;
  double next_ = 0;
};

}  // namespace vcb::migrate
