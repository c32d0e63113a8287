// The remap half of a step: second-order, van Leer-limited donor-cell advection of mass and
// energy (advec_cell) and of nodal momentum (advec_mom), one direction per call.
#include <algorithm>
#include <cmath>

#include "kernels.h"

namespace clover {
namespace {

constexpr double one_by_six = 1.0 / 6.0;

using Row = const double* __restrict;

// Limited correction of a cell-centred quantity for the flux through a face (both advec_cell sweeps).
// Branch-free (select instead of early return, two-argument min) so the face loops vectorize.
[[gnu::always_inline]] inline double cell_limiter(double donor, double upwind, double downwind, double sigma,
                                                  double sigma3, double sigma4) {
  const double diffuw = donor - upwind;
  const double diffdw = downwind - donor;
  const double wind = diffdw <= 0.0 ? -1.0 : 1.0;
  const double lim = (1.0 - sigma) * wind *
                     std::min(std::min(std::abs(diffuw), std::abs(diffdw)),
                              one_by_six * (sigma3 * std::abs(diffuw) + sigma4 * std::abs(diffdw)));
  return diffuw * diffdw > 0.0 ? lim : 0.0;
}

// Mass and energy flux through one face, from the cells around it: donor/upwind/downwind are the
// cells on the flux's upstream side (vf > 0) or its downstream side, chosen by select.
struct FaceFlux {
  double mass, energy;
};

struct Cells {  // a quantity in the cells at offsets -2, -1, 0 and +1 (upwind of a negative flux)
  double m2, m1, c0, up;
};

// pre_lo/pre_hi: pre-sweep volumes of cells -1 and 0; width_lo/width_up: the vertex widths used for
// a positive/negative flux. Always inlined: a call would stop the face loops vectorizing.
[[gnu::always_inline]] inline FaceFlux face_flux(double vf, Cells rho, Cells e, double pre_lo, double pre_hi,
                                                 double width, double width_lo, double width_up) {
  const bool pos = vf > 0.0;
  const double r_don = pos ? rho.m1 : rho.c0, r_up = pos ? rho.m2 : rho.up, r_down = pos ? rho.c0 : rho.m1;
  const double e_don = pos ? e.m1 : e.c0, e_up = pos ? e.m2 : e.up, e_down = pos ? e.c0 : e.m1;
  const double pre_don = pos ? pre_lo : pre_hi;
  const double sigmat = std::abs(vf) / pre_don;
  const double sigma3 = (1.0 + sigmat) * (width / (pos ? width_lo : width_up));
  const double sigma4 = 2.0 - sigmat;
  const double mass = vf * (r_don + cell_limiter(r_don, r_up, r_down, sigmat, sigma3, sigma4));
  const double sigmam = std::abs(mass) / (r_don * pre_don);
  return {mass, mass * (e_don + cell_limiter(e_don, e_up, e_down, sigmam, sigma3, sigma4))};
}

// The pre-sweep volume of row k (j = -1..nx+2). Sweep 1 also takes the other direction's flux,
// added in the reference's order.
void pre_volume_row(const Chunk& c, Dir dir, int sweep, int k, double* __restrict pre) {
  Row vol = c.volume.row(k), fx = c.vol_flux_x.row(k), fy0 = c.vol_flux_y.row(k),
      fy1 = c.vol_flux_y.row(k + 1);
  if (sweep == 1 && dir == Dir::x) {
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) pre[j] = vol[j] + ((fx[j + 1] - fx[j]) + fy1[j] - fy0[j]);
  } else if (sweep == 1) {
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) pre[j] = vol[j] + ((fy1[j] - fy0[j]) + fx[j + 1] - fx[j]);
  } else if (dir == Dir::x) {
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) pre[j] = vol[j] + fx[j + 1] - fx[j];
  } else {
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) pre[j] = vol[j] + fy1[j] - fy0[j];
  }
}

// x sweep: everything a row needs is in that row, so pre-volume, face fluxes and the update run
// row by row in per-thread row buffers while the row is in cache.
void advec_cell_x(Chunk& c, int sweep) {
  const int nx = c.nx;
  Row dx = c.vertexdx.base();
#pragma omp parallel
  {
    static thread_local RowBuffer buffers[2];
    double* __restrict pre = buffers[0].get(nx);
    double* __restrict ener_flux = buffers[1].get(nx);
#pragma omp for schedule(static)
    for (int k = 1; k <= c.ny; ++k) {
      double* __restrict mf = c.mass_flux_x.row(k);
      double* __restrict rho = c.density1.row(k);
      double* __restrict e = c.energy1.row(k);
      Row vf = c.vol_flux_x.row(k);
      pre_volume_row(c, Dir::x, sweep, k, pre);
      // up: the upwind cell of a negative flux (clamped at nx+2); inlined so the face loop vectorizes.
      const auto face = [&](int j, int up) __attribute__((always_inline)) {
        const FaceFlux f =
            face_flux(vf[j], {rho[j - 2], rho[j - 1], rho[j], rho[up]}, {e[j - 2], e[j - 1], e[j], e[up]},
                      pre[j - 1], pre[j], dx[j], dx[j - 1], dx[up]);
        mf[j] = f.mass;
        ener_flux[j] = f.energy;
      };
#pragma omp simd
      for (int j = 1; j <= nx + 1; ++j) face(j, j + 1);
      face(nx + 2, nx + 2);
#pragma omp simd
      for (int j = 1; j <= nx; ++j) {
        const double pre_mass = rho[j] * pre[j];
        const double post_mass = pre_mass + mf[j] - mf[j + 1];
        const double post_ener = (e[j] * pre_mass + ener_flux[j] - ener_flux[j + 1]) / post_mass;
        const double advec_vol = pre[j] + vf[j] - vf[j + 1];
        rho[j] = post_mass / advec_vol;
        e[j] = post_ener;
      }
    }
  }
}

// y sweep: a face's cells are in rows k-2..k+1, so the faces are done for all rows before the update.
void advec_cell_y(Chunk& c, int sweep) {
  const int ymax2 = c.ny + 2;
  Field& pre = c.work1;
  Field& ener_flux = c.work7;
#pragma omp parallel for schedule(static)
  for (int k = -1; k <= c.ny + 2; ++k) pre_volume_row(c, Dir::y, sweep, k, pre.row(k));
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 2; ++k) {
    const int up = std::min(k + 1, ymax2);
    Row r0 = c.density1.row(k - 2), r1 = c.density1.row(k - 1), r2 = c.density1.row(k),
        r3 = c.density1.row(up);
    Row e0 = c.energy1.row(k - 2), e1 = c.energy1.row(k - 1), e2 = c.energy1.row(k), e3 = c.energy1.row(up);
    Row pre_lo = pre.row(k - 1), pre_hi = pre.row(k), vf = c.vol_flux_y.row(k);
    double* __restrict mf = c.mass_flux_y.row(k);
    double* __restrict ef = ener_flux.row(k);
    const double dy = c.vertexdy(k), dy_lo = c.vertexdy(k - 1), dy_up = c.vertexdy(up);
#pragma omp simd
    for (int j = 1; j <= c.nx; ++j) {
      const FaceFlux f = face_flux(vf[j], {r0[j], r1[j], r2[j], r3[j]}, {e0[j], e1[j], e2[j], e3[j]},
                                   pre_lo[j], pre_hi[j], dy, dy_lo, dy_up);
      mf[j] = f.mass;
      ef[j] = f.energy;
    }
  }
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny; ++k) {
    Row p = pre.row(k), vf0 = c.vol_flux_y.row(k), vf1 = c.vol_flux_y.row(k + 1);
    Row mf0 = c.mass_flux_y.row(k), mf1 = c.mass_flux_y.row(k + 1);
    Row ef0 = ener_flux.row(k), ef1 = ener_flux.row(k + 1);
    double* __restrict rho = c.density1.row(k);
    double* __restrict e = c.energy1.row(k);
#pragma omp simd
    for (int j = 1; j <= c.nx; ++j) {
      const double pre_mass = rho[j] * p[j];
      const double post_mass = pre_mass + mf0[j] - mf1[j];
      const double post_ener = (e[j] * pre_mass + ef0[j] - ef1[j]) / post_mass;
      const double advec_vol = p[j] + vf0[j] - vf1[j];
      rho[j] = post_mass / advec_vol;
      e[j] = post_ener;
    }
  }
}

}  // namespace

void advec_cell(Chunk& c, Dir dir, int sweep) {
  if (dir == Dir::x)
    advec_cell_x(c, sweep);
  else
    advec_cell_y(c, sweep);
}

}  // namespace clover
