#pragma once
// The four grid operators of NPB MG, on one level (or between two adjacent levels), each ending
// with the ghost refresh the next operator needs. Every output point is computed by the same
// expression, in the same order, whatever the decomposition, so results do not depend on the
// rank count (only the norm's global sum does, within round-off).
#include <array>

#include "level.h"

namespace vcb::npb_mg {

// r = v - A u on the interior (v and r may be the same array); refreshes r's ghosts.
void residual(const Level& l, const double* u, const double* v, double* r, const std::array<double, 4>& a);

// u = u + C r, the smoother; refreshes u's ghosts.
void smooth(const Level& l, const double* r, double* u, const std::array<double, 4>& c);

// s = P r: trilinear full-weighting restriction from `fine` to `coarse` (coarse point j sits on
// fine point 2j+1 in global interior numbering); refreshes s's ghosts. Both levels must store
// matching z ranges: fine.z0 == 2 * coarse.z0 and fine.nzl == 2 * coarse.nzl.
void restrict_residual(const Level& fine, const double* r, const Level& coarse, double* s);

// u = u + Q z: trilinear prolongation of the coarse correction, written on every fine point
// this rank stores, ghosts included (they come out as exact periodic copies, so no exchange is
// needed). The coarse level must hold the planes adjacent to the fine planes, ghosts valid.
void prolong_add(const Level& coarse, const double* z, const Level& fine, double* u);

void zero(const Level& l, double* a);

struct Norms {
  double l2 = 0;    // sqrt(sum r^2 / n^3) over the whole grid
  double linf = 0;  // max |r|
};
// Global norms of the interior (reduced over the ranks when the level is spread).
Norms norms(const Level& l, const double* r);

}  // namespace vcb::npb_mg
