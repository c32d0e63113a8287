#include "metrics/timeline.h"

#include <algorithm>

namespace vcb::sim {

void Timeline::merge_pairs() {
  std::vector<std::array<int64_t, 2>> merged((bins_.size() + 1) / 2, {0, 0});
  for (size_t i = 0; i < bins_.size(); ++i) {
    merged[i / 2][0] += bins_[i][0];
    merged[i / 2][1] += bins_[i][1];
  }
  bins_ = std::move(merged);
  width_ *= 2;
}

void Timeline::add(int64_t from, int64_t to, int64_t batch, int64_t od) {
  while (from < to) {
    const int64_t bin = (from - t0_) / width_;
    if (bin >= kMaxBins) {
      merge_pairs();
      continue;
    }
    if (static_cast<int64_t>(bins_.size()) <= bin) bins_.resize(static_cast<size_t>(bin + 1), {0, 0});
    const int64_t end = std::min(to, t0_ + (bin + 1) * width_);
    bins_[static_cast<size_t>(bin)][0] += batch * (end - from);
    bins_[static_cast<size_t>(bin)][1] += od * (end - from);
    from = end;
  }
}

std::vector<TimelinePoint> Timeline::points(int64_t t_end, int64_t nodes) const {
  std::vector<TimelinePoint> out;
  for (size_t i = 0; i < bins_.size(); ++i) {
    const int64_t start = t0_ + static_cast<int64_t>(i) * width_;
    const int64_t length = std::min(width_, t_end - start);  // the last bin may be partial
    if (length <= 0) break;
    const double capacity = static_cast<double>(nodes) * static_cast<double>(length);
    TimelinePoint p{start - t0_, static_cast<double>(bins_[i][0]) / capacity,
                    static_cast<double>(bins_[i][1]) / capacity, 0};
    p.idle = 1.0 - p.batch - p.od;
    out.push_back(p);
  }
  return out;
}

}  // namespace vcb::sim
