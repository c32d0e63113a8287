#include "level.h"

#include <mpi.h>

#include <algorithm>

namespace vcb::npb_mg {
namespace {

void copy_plane(const Level& l, double* a, int from, int to) {
  std::copy_n(a + l.plane() * from, l.plane(), a + l.plane() * to);
}

// z ghosts of a whole level: the periodic image of the opposite face.
void wrap_z(const Level& l, double* a) {
  copy_plane(l, a, l.n3() - 2, 0);
  copy_plane(l, a, 1, l.n3() - 1);
}

}  // namespace

Level make_level(int n, const Ranks& w) {
  if (w.size > 1 && n >= w.size) {
    const int nzl = n / w.size;
    return Level{n, w.rank * nzl, nzl, true};
  }
  return whole_level(n);
}

Level whole_level(int n) { return Level{n, 0, n, false}; }

void exchange_ghosts(const Level& l, double* a) {
  const int n1 = l.n1(), n2 = l.n2(), n3 = l.n3();
  // x and y first, on interior planes only, so the full planes sent in z carry correct edges.
  for (int i3 = 1; i3 < n3 - 1; ++i3) {
    for (int i2 = 1; i2 < n2 - 1; ++i2) {
      a[l.at(0, i2, i3)] = a[l.at(n1 - 2, i2, i3)];
      a[l.at(n1 - 1, i2, i3)] = a[l.at(1, i2, i3)];
    }
    for (int i1 = 0; i1 < n1; ++i1) {
      a[l.at(i1, 0, i3)] = a[l.at(i1, n2 - 2, i3)];
      a[l.at(i1, n2 - 1, i3)] = a[l.at(i1, 1, i3)];
    }
  }
  if (!l.spread) {
    wrap_z(l, a);
    return;
  }
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int up = (rank + 1) % size, down = (rank + size - 1) % size;
  const int count = static_cast<int>(l.plane());
  // Distinct tags keep the two directions apart when up == down (two ranks).
  MPI_Sendrecv(a + l.plane() * (n3 - 2), count, MPI_DOUBLE, up, 1, a, count, MPI_DOUBLE, down, 1,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Sendrecv(a + l.plane(), count, MPI_DOUBLE, down, 2, a + l.plane() * (n3 - 1), count, MPI_DOUBLE, up, 2,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

void gather_whole(const Level& spread, const double* a, const Level& whole, double* out) {
  // Every rank owns the same number of planes, in rank order, so one allgather of the owned
  // planes (ghost rim in x and y included) lays the whole grid out in place.
  const int count = static_cast<int>(spread.plane() * spread.nzl);
  MPI_Allgather(a + spread.plane(), count, MPI_DOUBLE, out + whole.plane(), count, MPI_DOUBLE, MPI_COMM_WORLD);
  wrap_z(whole, out);
}

}  // namespace vcb::npb_mg
