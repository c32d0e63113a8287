#include "gaussian_pairs.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "vcb/npb_random.h"

namespace npb_ep {

Tally tally_batches(int64_t first, int64_t count, double seed) {
  constexpr int64_t pairs = int64_t{1} << kBatchLog2;
  // One batch consumes 2 * pairs numbers, so a^(2*pairs) jumps from one batch start to the next.
  const double batch_jump = vcb::npb::pow46(vcb::npb::kMultiplier, 2 * pairs);
  std::vector<double> u(2 * pairs);
  Tally t;
  for (int64_t b = first; b < first + count; ++b) {
    double x = vcb::npb::skip_ahead(seed, batch_jump, static_cast<uint64_t>(b));
    vcb::npb::vranlc(2 * pairs, x, vcb::npb::kMultiplier, u.data());
    for (int64_t i = 0; i < pairs; ++i) {
      const double x1 = 2.0 * u[2 * i] - 1.0;
      const double x2 = 2.0 * u[2 * i + 1] - 1.0;
      const double r2 = x1 * x1 + x2 * x2;
      if (r2 > 1.0) continue;
      const double f = std::sqrt(-2.0 * std::log(r2) / r2);
      const double gx = x1 * f, gy = x2 * f;
      // Truncation toward zero, as NPB's integer assignment. A deviate of 10 or more needs
      // r2 < e^-50, which no official stream produces; the clamp only keeps memory safe.
      const int l = static_cast<int>(std::max(std::fabs(gx), std::fabs(gy)));
      ++t.counts[std::min(l, kAnnuli - 1)];
      t.sx += gx;
      t.sy += gy;
    }
  }
  return t;
}

}  // namespace npb_ep
