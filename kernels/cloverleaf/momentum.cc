// Momentum advection (advec_mom): node fluxes and node masses come from the cell mass fluxes and
// densities of the sweep just done; both velocity components reuse them, as in the reference.
#include <algorithm>
#include <cmath>

#include "kernels.h"

namespace clover {
namespace {

using Row = const double* __restrict;

// The post-sweep cell volume of row k (j = -1..nx+2); mom_sweep = dir + 2*(sweep-1). Sweeps 3
// and 4 are plain V.
void post_volume_row(const Chunk& c, int mom_sweep, int k, double* __restrict post) {
  Row vol = c.volume.row(k), fx = c.vol_flux_x.row(k), fy0 = c.vol_flux_y.row(k),
      fy1 = c.vol_flux_y.row(k + 1);
  if (mom_sweep == 1) {
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) post[j] = vol[j] + fy1[j] - fy0[j];
  } else if (mom_sweep == 2) {
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) post[j] = vol[j] + fx[j + 1] - fx[j];
  } else {
    std::copy(vol - 1, vol + c.nx + 3, post - 1);
  }
}

int mom_sweep_of(Dir dir, int sweep) { return (dir == Dir::x ? 1 : 2) + 2 * (sweep - 1); }

// Node mass after the sweep (from cells k-1 and k, post volumes p0 and p1), one row.
void node_mass_post_row(const Chunk& c, int k, Row p0, Row p1, int j_lo, int j_hi, double* __restrict mpost) {
  Row r0 = c.density1.row(k - 1), r1 = c.density1.row(k);
#pragma omp simd
  for (int j = j_lo; j <= j_hi; ++j)
    mpost[j] = 0.25 * (r0[j] * p0[j] + r1[j] * p1[j] + r0[j - 1] * p0[j - 1] + r1[j - 1] * p1[j - 1]);
}

void node_masses_y(Chunk& c, int sweep) {
  const int mom_sweep = mom_sweep_of(Dir::y, sweep);
#pragma omp parallel for schedule(static)
  for (int k = -1; k <= c.ny + 2; ++k) {
    Row mf0 = c.mass_flux_y.row(k), mf1 = c.mass_flux_y.row(k + 1);
    double* __restrict flux = c.work3.row(k);
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j) flux[j] = 0.25 * (mf0[j - 1] + mf0[j] + mf1[j - 1] + mf1[j]);
  }
#pragma omp parallel
  {
    static thread_local RowBuffer buffers[2];  // post volumes of rows k-1 and k, made where used
    double* post0 = buffers[0].get(c.nx);
    double* post1 = buffers[1].get(c.nx);
#pragma omp for schedule(static)
    for (int k = 0; k <= c.ny + 2; ++k) {
      post_volume_row(c, mom_sweep, k - 1, post0);
      post_volume_row(c, mom_sweep, k, post1);
      double* __restrict mpost = c.work4.row(k);
      node_mass_post_row(c, k, post0, post1, 1, c.nx + 1, mpost);
      Row f0 = c.work3.row(k - 1), f1 = c.work3.row(k);
      double* __restrict mpre = c.work5.row(k);
#pragma omp simd
      for (int j = 1; j <= c.nx + 1; ++j) mpre[j] = mpost[j] - f0[j] + f1[j];
    }
  }
}

// Node momentum flux through one face. The velocities are at the nodes at offsets -1, 0, +1, +2
// from the face's low node; the donor side is chosen by select so the loops vectorize.
struct Nodes {
  double m1, n0, p1, p2;
};

[[gnu::always_inline]] inline double mom_flux(double flux, Nodes vel, double mpre_lo, double mpre_hi,
                                              double width, double width_lo, double width_hi) {
  const bool neg = flux < 0.0;
  const double v_up = neg ? vel.p2 : vel.m1, v_don = neg ? vel.p1 : vel.n0, v_down = neg ? vel.n0 : vel.p1;
  const double celld_dif = neg ? width_hi : width_lo;
  const double sigma = std::abs(flux) / (neg ? mpre_hi : mpre_lo);
  const double vdiffuw = v_don - v_up, vdiffdw = v_down - v_don;
  const double auw = std::abs(vdiffuw);
  const double adw = std::abs(vdiffdw);
  const double wind = vdiffdw <= 0.0 ? -1.0 : 1.0;
  const double lim =
      wind *
      std::min(std::min(width * ((2.0 - sigma) * adw / width + (1.0 + sigma) * auw / celld_dif) / 6.0, auw),
               adw);
  const double limiter = vdiffuw * vdiffdw > 0.0 ? lim : 0.0;
  return (v_don + (1.0 - sigma) * limiter) * flux;
}

void advect_velocity_x_row(const Chunk& c, Row flux, Row mpre, Row mpost, double* __restrict mom,
                           double* __restrict vel) {
  Row dx = c.celldx.base();
#pragma omp simd
  for (int j = 0; j <= c.nx + 1; ++j)
    mom[j] = mom_flux(flux[j], {vel[j - 1], vel[j], vel[j + 1], vel[j + 2]}, mpre[j], mpre[j + 1], dx[j],
                      dx[j - 1], dx[j + 1]);
#pragma omp simd
  for (int j = 1; j <= c.nx + 1; ++j) vel[j] = (vel[j] * mpre[j] + mom[j - 1] - mom[j]) / mpost[j];
}

// x sweep: a node row needs only cell rows k-1 and k, so post volumes, node fluxes, node masses and
// both velocity updates run row by row in per-thread row buffers (no whole-field scratch passes).
void advec_mom_x(Chunk& c, int sweep) {
  const int mom_sweep = mom_sweep_of(Dir::x, sweep);
#pragma omp parallel
  {
    static thread_local RowBuffer buffers[6];
    double* post0 = buffers[0].get(c.nx);
    double* post1 = buffers[1].get(c.nx);
    double* __restrict flux = buffers[2].get(c.nx);
    double* __restrict mpost = buffers[3].get(c.nx);
    double* __restrict mpre = buffers[4].get(c.nx);
    double* __restrict mom = buffers[5].get(c.nx);
#pragma omp for schedule(static)
    for (int k = 1; k <= c.ny + 1; ++k) {
      post_volume_row(c, mom_sweep, k - 1, post0);
      post_volume_row(c, mom_sweep, k, post1);
      Row mf0 = c.mass_flux_x.row(k - 1), mf1 = c.mass_flux_x.row(k);
#pragma omp simd
      for (int j = -1; j <= c.nx + 2; ++j) flux[j] = 0.25 * (mf0[j] + mf1[j] + mf0[j + 1] + mf1[j + 1]);
      node_mass_post_row(c, k, post0, post1, 0, c.nx + 2, mpost);
#pragma omp simd
      for (int j = 0; j <= c.nx + 2; ++j) mpre[j] = mpost[j] - flux[j - 1] + flux[j];
      advect_velocity_x_row(c, flux, mpre, mpost, mom, c.xvel1.row(k));
      advect_velocity_x_row(c, flux, mpre, mpost, mom, c.yvel1.row(k));
    }
  }
}

void advect_velocity_y(Chunk& c, Field& field) {
#pragma omp parallel for schedule(static)
  for (int k = 0; k <= c.ny + 1; ++k) {
    Row flux = c.work3.row(k), mpre0 = c.work5.row(k), mpre1 = c.work5.row(k + 1);
    Row vm1 = field.row(k - 1), v0 = field.row(k), vp1 = field.row(k + 1), vp2 = field.row(k + 2);
    double* __restrict mom = c.work6.row(k);
    const double dy = c.celldy(k), dy_lo = c.celldy(k - 1), dy_hi = c.celldy(k + 1);
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j)
      mom[j] = mom_flux(flux[j], {vm1[j], v0[j], vp1[j], vp2[j]}, mpre0[j], mpre1[j], dy, dy_lo, dy_hi);
  }
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 1; ++k) {
    Row mpre = c.work5.row(k), mpost = c.work4.row(k), mom0 = c.work6.row(k - 1), mom1 = c.work6.row(k);
    double* __restrict vel = field.row(k);
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j) vel[j] = (vel[j] * mpre[j] + mom0[j] - mom1[j]) / mpost[j];
  }
}

}  // namespace

void advec_mom(Chunk& c, Dir dir, int sweep) {
  if (dir == Dir::x) {
    advec_mom_x(c, sweep);
  } else {
    node_masses_y(c, sweep);
    advect_velocity_y(c, c.xvel1);
    advect_velocity_y(c, c.yvel1);
  }
}

}  // namespace clover
