#include "stencils.h"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace vcb::npb_mg {
namespace {

// NPB adds the four edge rows of the y-z cross in resid and psinv y-first, (-1,-1) (+1,-1)
// (-1,+1) (+1,+1) as (dy, dz), but z-first in rprj3; the reference values depend on that order
// bit for bit.
enum class EdgeOrder { y_first, z_first };

// faces[i1] and edges[i1], at every x of row (i2, i3): the sums of the four rows of `a` that share
// a face with it in the y-z plane, and of the four that share an edge. Kept out of line: inlined
// into the row loops, its eight pointers crowd the registers there (GCC 12 at -O2 spills, about
// 10% more instructions in residual than the loops written out in each operator).
[[gnu::noinline]] void cross_sums(const Level& l, const double* a, int i2, int i3, EdgeOrder order,
                                  double* faces, double* edges) {
  const double* row = a + l.at(0, i2, i3);
  const std::size_t dy = l.n1(), dz = l.plane();
  const double *s = row - dy, *nn = row + dy, *b = row - dz, *t = row + dz;
  const double *sb = b - dy, *nb = b + dy, *st = t - dy, *nt = t + dy;
  if (order == EdgeOrder::z_first) std::swap(nb, st);
  for (int i1 = 0; i1 < l.n1(); ++i1) {
    faces[i1] = s[i1] + nn[i1] + b[i1] + t[i1];
    edges[i1] = sb[i1] + nb[i1] + st[i1] + nt[i1];
  }
}

// Calls row(i2, i3, faces, edges) for every interior row of `l`, with the cross sums of `a`
// around that row: resid and psinv compute them once per row and reuse them for the x-neighbours.
template <class Row>
void for_each_row(const Level& l, const double* a, Row row) {
  std::vector<double> faces(l.n1()), edges(l.n1());
  for (int i3 = 1; i3 < l.n3() - 1; ++i3) {
    for (int i2 = 1; i2 < l.n2() - 1; ++i2) {
      cross_sums(l, a, i2, i3, EdgeOrder::y_first, faces.data(), edges.data());
      row(i2, i3, faces.data(), edges.data());
    }
  }
}

}  // namespace

void residual(const Level& l, const double* u, const double* v, double* r, const std::array<double, 4>& a) {
  // a[1] is zero in NPB, so the face term is left out as the reference does.
  for_each_row(l, u, [&](int i2, int i3, const double* faces, const double* edges) {
    const double* c = u + l.at(0, i2, i3);
    const double* vv = v + l.at(0, i2, i3);
    double* rr = r + l.at(0, i2, i3);
    for (int i1 = 1; i1 < l.n1() - 1; ++i1)
      rr[i1] = vv[i1] - a[0] * c[i1] - a[2] * (edges[i1] + faces[i1 - 1] + faces[i1 + 1]) -
               a[3] * (edges[i1 - 1] + edges[i1 + 1]);
  });
  exchange_ghosts(l, r);
}

void smooth(const Level& l, const double* r, double* u, const std::array<double, 4>& c) {
  // c[3] (corners) is zero in every NPB class and is left out, as in the reference.
  for_each_row(l, r, [&](int i2, int i3, const double* faces, const double* edges) {
    const double* ctr = r + l.at(0, i2, i3);
    double* uu = u + l.at(0, i2, i3);
    for (int i1 = 1; i1 < l.n1() - 1; ++i1)
      uu[i1] = uu[i1] + c[0] * ctr[i1] + c[1] * (ctr[i1 - 1] + ctr[i1 + 1] + faces[i1]) +
               c[2] * (edges[i1] + faces[i1 - 1] + faces[i1 + 1]);
  });
  exchange_ghosts(l, u);
}

void restrict_residual(const Level& fine, const double* r, const Level& coarse, double* s) {
  const int m1 = coarse.n1(), m2 = coarse.n2(), m3 = coarse.n3();
  // Cross sums of the fine row under each coarse row: at even x on a coarse point, at odd x
  // between two.
  std::vector<double> faces(fine.n1()), edges(fine.n1());
  for (int j3 = 1; j3 < m3 - 1; ++j3) {
    const int i3 = 2 * j3;  // storage index of the fine plane under coarse plane j3
    for (int j2 = 1; j2 < m2 - 1; ++j2) {
      const int i2 = 2 * j2;
      cross_sums(fine, r, i2, i3, EdgeOrder::z_first, faces.data(), edges.data());
      const double* c = r + fine.at(0, i2, i3);
      double* out = s + coarse.at(0, j2, j3);
      for (int j1 = 1; j1 < m1 - 1; ++j1) {
        const int i1 = 2 * j1;
        out[j1] = 0.5 * c[i1] + 0.25 * (c[i1 - 1] + c[i1 + 1] + faces[i1]) +
                  0.125 * (faces[i1 - 1] + faces[i1 + 1] + edges[i1]) + 0.0625 * (edges[i1 - 1] + edges[i1 + 1]);
      }
    }
  }
  exchange_ghosts(coarse, s);
}

namespace {

// Adds to one fine plane the x-y prolongation of a coarse "source" plane. For fine planes that
// sit on a coarse plane the source is that plane (`hi` null, z weight 1); for planes between two
// coarse planes it is their sum (lo + hi), weighted by 1/2 through `zw`. The weights follow the
// trilinear stencil: 1, 1/2, 1/4, 1/8 by how many axes fall between coarse points. All are powers
// of two, so multiplying by a z weight of 1 rounds exactly as leaving it out would.
void prolong_plane(const Level& coarse, const double* lo, const double* hi, const Level& fine, double* u_plane,
                   std::vector<double>& src, std::vector<double>& pair_y) {
  const int m1 = coarse.n1(), m2 = coarse.n2(), f1 = fine.n1();
  const std::size_t row = static_cast<std::size_t>(m1);
  const double zw = hi ? 0.5 : 1.0;
  for (int j2 = 0; j2 < m2 - 1; ++j2) {
    // src: the z-combined source on coarse row j2; pair_y: its sum with row j2+1.
    for (int j1 = 0; j1 < m1; ++j1) {
      if (hi) {
        src[j1] = hi[j2 * row + j1] + lo[j2 * row + j1];
        pair_y[j1] = hi[(j2 + 1) * row + j1] + hi[j2 * row + j1] + (lo[(j2 + 1) * row + j1] + lo[j2 * row + j1]);
      } else {
        src[j1] = lo[j2 * row + j1];
        pair_y[j1] = lo[(j2 + 1) * row + j1] + lo[j2 * row + j1];
      }
    }
    double* even = u_plane + static_cast<std::size_t>(2 * j2) * f1;  // fine row on coarse row j2
    double* odd = even + f1;                                        // fine row between j2, j2+1
    for (int j1 = 0; j1 < m1 - 1; ++j1) {
      even[2 * j1] += zw * src[j1];
      even[2 * j1 + 1] += 0.5 * zw * (src[j1] + src[j1 + 1]);
      odd[2 * j1] += 0.5 * zw * pair_y[j1];
      odd[2 * j1 + 1] += 0.25 * zw * (pair_y[j1] + pair_y[j1 + 1]);
    }
  }
}

}  // namespace

void prolong_add(const Level& coarse, const double* z, const Level& fine, double* u) {
  std::vector<double> src(coarse.n1()), pair_y(coarse.n1());
  for (int i3 = 0; i3 < fine.n3(); ++i3) {
    // Global interior numbering: fine plane 2c+1 lies on coarse plane c, fine plane 2c+2 lies
    // between coarse planes c and c+1 (plane -1 is the periodic ghost below plane 0).
    const int f = fine.z0 + i3 - 1;
    const bool on_coarse = (f % 2 != 0);
    const int c = on_coarse ? (f - 1) / 2 : f / 2 - 1;
    const int j3 = c - coarse.z0 + 1;
    const double* lo = z + coarse.plane() * j3;
    const double* hi = on_coarse ? nullptr : z + coarse.plane() * (j3 + 1);
    prolong_plane(coarse, lo, hi, fine, u + fine.plane() * i3, src, pair_y);
  }
}

void zero(const Level& l, double* a) { std::fill_n(a, l.size(), 0.0); }

Norms norms(const Level& l, const double* r) {
  double sum = 0, big = 0;
  for (int i3 = 1; i3 < l.n3() - 1; ++i3)
    for (int i2 = 1; i2 < l.n2() - 1; ++i2)
      for (int i1 = 1; i1 < l.n1() - 1; ++i1) {
        const double x = r[l.at(i1, i2, i3)];
        sum += x * x;
        big = std::max(big, std::abs(x));
      }
  if (l.spread) {
    MPI_Allreduce(MPI_IN_PLACE, &sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, &big, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  }
  const double points = static_cast<double>(l.n) * l.n * l.n;
  return {std::sqrt(sum / points), big};
}

}  // namespace vcb::npb_mg
