#pragma once
// NPB MG's solver state and its V-cycle (mg3P): u and r on every level, v on the finest.
#include <array>
#include <vector>

#include "charges.h"
#include "level.h"
#include "stencils.h"

namespace vcb::npb_mg {

class Multigrid {
 public:
  // The hierarchy n, n/2, ..., 2 for this rank; `c` is the class's smoother.
  Multigrid(int n, const std::array<double, 4>& c, const Ranks& w);

  // Zeroes u and draws v again (NPB's set-up, redone before the timed part); `scale` scales v.
  Charges reset(double scale);
  // r = v - A u on the finest level.
  void residual();
  // One V-cycle: restrict the residual down, smooth on the way back up.
  void vcycle();
  // Norms of the finest residual.
  Norms residual_norms() const;

  const Level& finest() const { return levels_.back(); }
  int levels() const { return static_cast<int>(levels_.size()); }
  int spread_levels() const;  // how many levels are cut into slabs (the rest are held whole)

 private:
  void restrict_level(int k);  // r[k] -> r[k-1]

  std::array<double, 4> c_;
  std::vector<Level> levels_;  // coarsest (n = 2) first
  std::vector<std::vector<double>> u_, r_;
  std::vector<double> v_;
  Level gathered_;             // the finest level that is held whole, gathered from slabs
  std::vector<double> gathered_r_;
};

}  // namespace vcb::npb_mg
