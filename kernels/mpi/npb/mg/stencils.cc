#include "stencils.h"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace vcb::npb_mg {

void residual(const Level& l, const double* u, const double* v, double* r, const std::array<double, 4>& a) {
  const int n1 = l.n1(), n2 = l.n2(), n3 = l.n3();
  // Sums of the four face and four edge neighbours in the y-z cross, per x, reused by the
  // x-neighbours; a[1] is zero in NPB, so the face term is left out as the reference does.
  std::vector<double> faces(n1), edges(n1);
  for (int i3 = 1; i3 < n3 - 1; ++i3) {
    for (int i2 = 1; i2 < n2 - 1; ++i2) {
      const double* c = u + l.at(0, i2, i3);
      const double* s = u + l.at(0, i2 - 1, i3);
      const double* nn = u + l.at(0, i2 + 1, i3);
      const double* b = u + l.at(0, i2, i3 - 1);
      const double* t = u + l.at(0, i2, i3 + 1);
      const double* sb = u + l.at(0, i2 - 1, i3 - 1);
      const double* nb = u + l.at(0, i2 + 1, i3 - 1);
      const double* st = u + l.at(0, i2 - 1, i3 + 1);
      const double* nt = u + l.at(0, i2 + 1, i3 + 1);
      for (int i1 = 0; i1 < n1; ++i1) {
        faces[i1] = s[i1] + nn[i1] + b[i1] + t[i1];
        edges[i1] = sb[i1] + nb[i1] + st[i1] + nt[i1];
      }
      const double* vv = v + l.at(0, i2, i3);
      double* rr = r + l.at(0, i2, i3);
      for (int i1 = 1; i1 < n1 - 1; ++i1)
        rr[i1] = vv[i1] - a[0] * c[i1] - a[2] * (edges[i1] + faces[i1 - 1] + faces[i1 + 1]) -
                 a[3] * (edges[i1 - 1] + edges[i1 + 1]);
    }
  }
  exchange_ghosts(l, r);
}

void smooth(const Level& l, const double* r, double* u, const std::array<double, 4>& c) {
  const int n1 = l.n1(), n2 = l.n2(), n3 = l.n3();
  std::vector<double> faces(n1), edges(n1);
  for (int i3 = 1; i3 < n3 - 1; ++i3) {
    for (int i2 = 1; i2 < n2 - 1; ++i2) {
      const double* ctr = r + l.at(0, i2, i3);
      const double* s = r + l.at(0, i2 - 1, i3);
      const double* nn = r + l.at(0, i2 + 1, i3);
      const double* b = r + l.at(0, i2, i3 - 1);
      const double* t = r + l.at(0, i2, i3 + 1);
      const double* sb = r + l.at(0, i2 - 1, i3 - 1);
      const double* nb = r + l.at(0, i2 + 1, i3 - 1);
      const double* st = r + l.at(0, i2 - 1, i3 + 1);
      const double* nt = r + l.at(0, i2 + 1, i3 + 1);
      for (int i1 = 0; i1 < n1; ++i1) {
        faces[i1] = s[i1] + nn[i1] + b[i1] + t[i1];
        edges[i1] = sb[i1] + nb[i1] + st[i1] + nt[i1];
      }
      double* uu = u + l.at(0, i2, i3);
      // c[3] (corners) is zero in every NPB class and is left out, as in the reference.
      for (int i1 = 1; i1 < n1 - 1; ++i1)
        uu[i1] = uu[i1] + c[0] * ctr[i1] + c[1] * (ctr[i1 - 1] + ctr[i1 + 1] + faces[i1]) +
                 c[2] * (edges[i1] + faces[i1 - 1] + faces[i1 + 1]);
    }
  }
  exchange_ghosts(l, u);
}

void restrict_residual(const Level& fine, const double* r, const Level& coarse, double* s) {
  const int m1 = coarse.n1(), m2 = coarse.n2(), m3 = coarse.n3();
  // Per fine x on the odd columns between coarse points: the y-z face and edge sums.
  std::vector<double> faces(fine.n1()), edges(fine.n1());
  for (int j3 = 1; j3 < m3 - 1; ++j3) {
    const int i3 = 2 * j3;  // storage index of the fine plane under coarse plane j3
    for (int j2 = 1; j2 < m2 - 1; ++j2) {
      const int i2 = 2 * j2;
      const double* c = r + fine.at(0, i2, i3);
      const double* s_ = r + fine.at(0, i2 - 1, i3);
      const double* nn = r + fine.at(0, i2 + 1, i3);
      const double* b = r + fine.at(0, i2, i3 - 1);
      const double* t = r + fine.at(0, i2, i3 + 1);
      const double* sb = r + fine.at(0, i2 - 1, i3 - 1);
      const double* st = r + fine.at(0, i2 - 1, i3 + 1);
      const double* nb = r + fine.at(0, i2 + 1, i3 - 1);
      const double* nt = r + fine.at(0, i2 + 1, i3 + 1);
      for (int j1 = 1; j1 < m1; ++j1) {
        const int i = 2 * j1 - 1;
        faces[i] = s_[i] + nn[i] + b[i] + t[i];
        edges[i] = sb[i] + st[i] + nb[i] + nt[i];
      }
      double* out = s + coarse.at(0, j2, j3);
      for (int j1 = 1; j1 < m1 - 1; ++j1) {
        const int i1 = 2 * j1;
        const double edge_sum = sb[i1] + st[i1] + nb[i1] + nt[i1];
        const double face_sum = s_[i1] + nn[i1] + b[i1] + t[i1];
        out[j1] = 0.5 * c[i1] + 0.25 * (c[i1 - 1] + c[i1 + 1] + face_sum) +
                  0.125 * (faces[i1 - 1] + faces[i1 + 1] + edge_sum) + 0.0625 * (edges[i1 - 1] + edges[i1 + 1]);
      }
    }
  }
  exchange_ghosts(coarse, s);
}

namespace {

// Adds to one fine plane the x-y prolongation of a coarse "source" plane. For fine planes that
// sit on a coarse plane the source is that plane (weight 1); for planes between two coarse
// planes it is their sum (lo + hi), weighted by 1/2 through `zw`. The weights follow the
// trilinear stencil: 1, 1/2, 1/4, 1/8 by how many axes fall between coarse points.
void prolong_plane(const Level& coarse, const double* lo, const double* hi, double zw, const Level& fine,
                   double* u_plane, std::vector<double>& src, std::vector<double>& pair_y) {
  const int m1 = coarse.n1(), m2 = coarse.n2(), f1 = fine.n1();
  const std::size_t row = static_cast<std::size_t>(m1);
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
    if (hi) {
      for (int j1 = 0; j1 < m1 - 1; ++j1) {
        even[2 * j1] += zw * src[j1];
        even[2 * j1 + 1] += 0.5 * zw * (src[j1] + src[j1 + 1]);
        odd[2 * j1] += 0.5 * zw * pair_y[j1];
        odd[2 * j1 + 1] += 0.25 * zw * (pair_y[j1] + pair_y[j1 + 1]);
      }
    } else {
      for (int j1 = 0; j1 < m1 - 1; ++j1) {
        even[2 * j1] += src[j1];
        even[2 * j1 + 1] += 0.5 * (src[j1 + 1] + src[j1]);
        odd[2 * j1] += 0.5 * pair_y[j1];
        odd[2 * j1 + 1] += 0.25 * (pair_y[j1] + pair_y[j1 + 1]);
      }
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
    prolong_plane(coarse, lo, hi, 0.5, fine, u + fine.plane() * i3, src, pair_y);
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
