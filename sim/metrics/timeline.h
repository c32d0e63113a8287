#pragma once
// Utilization over time, downsampled as it is recorded: node-seconds per class in equal bins,
// the bin width doubling (pairs merged) whenever the bins would exceed kMaxBins. The span is not
// known in advance when a trace is streamed, and this keeps a year of events in <= 500 points.
#include <array>
#include <cstdint>
#include <vector>

namespace vcb::sim {

struct TimelinePoint {
  int64_t t = 0;     // bin start, s since the simulation's start
  double batch = 0;  // fraction of the machine busy with batch work, averaged over the bin
  double od = 0;     // ... with on-demand leases
  double idle = 0;   // 1 - batch - od
};

class Timeline {
 public:
  static constexpr int64_t kMaxBins = 500;

  void start(int64_t t0) { t0_ = t0; }
  // `batch` and `od` nodes were busy over [from, to).
  void add(int64_t from, int64_t to, int64_t batch, int64_t od);
  std::vector<TimelinePoint> points(int64_t t_end, int64_t nodes) const;
  int64_t bin_width() const { return width_; }

 private:
  void merge_pairs();

  int64_t t0_ = 0;
  int64_t width_ = 1;
  std::vector<std::array<int64_t, 2>> bins_;  // node-seconds: batch, od
};

}  // namespace vcb::sim
