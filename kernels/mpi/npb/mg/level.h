#pragma once
// One multigrid level as a rank stores it. The global grid is n^3 and periodic. While a level has
// at least one z-plane per rank it is cut into z-slabs (rank r owns planes [z0, z0 + nzl));
// coarser levels are held whole on every rank and computed redundantly, which costs little
// (they are tiny) and avoids a scatter on the way back up the V-cycle.
// Storage has one ghost layer on every side (periodic copies or a neighbour's planes), x fastest.
#include <cstddef>

namespace vcb::npb_mg {

struct Ranks {
  int rank = 0;
  int size = 1;
};

struct Level {
  int n = 0;            // global points per dimension
  int z0 = 0;           // first global z-plane stored here
  int nzl = 0;          // z-planes stored here (n when the level is whole)
  bool spread = false;  // true: cut into z-slabs over the ranks; false: whole on every rank

  int n1() const { return n + 2; }
  int n2() const { return n + 2; }
  int n3() const { return nzl + 2; }
  std::size_t plane() const { return static_cast<std::size_t>(n1()) * n2(); }
  std::size_t size() const { return plane() * n3(); }
  std::size_t at(int i1, int i2, int i3) const {
    return static_cast<std::size_t>(i1) + static_cast<std::size_t>(n1()) * (i2 + static_cast<std::size_t>(n2()) * i3);
  }
};

// The level of n^3 points for this rank: slabs when every rank gets at least one plane.
Level make_level(int n, const Ranks& w);
// The same grid held whole (what a gather of a spread level produces).
Level whole_level(int n);

// Refreshes all ghost cells of `a` from the periodic interior: x and y locally, z through the
// neighbouring ranks when the level is spread (one plane each way).
void exchange_ghosts(const Level& l, double* a);

// Assembles a spread level on every rank: `out` (laid out as `whole`) receives all planes.
void gather_whole(const Level& spread, const double* a, const Level& whole, double* out);

}  // namespace vcb::npb_mg
