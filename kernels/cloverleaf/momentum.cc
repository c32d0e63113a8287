// Momentum advection (advec_mom): node fluxes and node masses come from the cell mass fluxes and
// densities of the sweep just done; both velocity components reuse them, as in the reference.
#include <algorithm>
#include <cmath>

#include "kernels.h"

namespace clover {
namespace {

// The post-sweep cell volume; mom_sweep = dir + 2*(sweep-1). Sweeps 3 and 4 are plain V.
void mom_post_volume(Chunk& c, Dir dir, int sweep) {
  Field& post = c.work2;
  const int mom_sweep = (dir == Dir::x ? 1 : 2) + 2 * (sweep - 1);
#pragma omp parallel for schedule(static)
  for (int k = -1; k <= c.ny + 2; ++k)
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) {
      if (mom_sweep == 1) post(j, k) = c.volume(j, k) + c.vol_flux_y(j, k + 1) - c.vol_flux_y(j, k);
      else if (mom_sweep == 2) post(j, k) = c.volume(j, k) + c.vol_flux_x(j + 1, k) - c.vol_flux_x(j, k);
      else post(j, k) = c.volume(j, k);
    }
}

void node_masses_x(Chunk& c) {
  Field& flux = c.work3;
  Field& mpost = c.work4;
  Field& mpre = c.work5;
  const Field& post = c.work2;
  const Field& mf = c.mass_flux_x;
  const Field& r = c.density1;
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 1; ++k) {
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j)
      flux(j, k) = 0.25 * (mf(j, k - 1) + mf(j, k) + mf(j + 1, k - 1) + mf(j + 1, k));
#pragma omp simd
    for (int j = 0; j <= c.nx + 2; ++j) {
      mpost(j, k) = 0.25 * (r(j, k - 1) * post(j, k - 1) + r(j, k) * post(j, k) + r(j - 1, k - 1) * post(j - 1, k - 1) +
                            r(j - 1, k) * post(j - 1, k));
      mpre(j, k) = mpost(j, k) - flux(j - 1, k) + flux(j, k);
    }
  }
}

void node_masses_y(Chunk& c) {
  Field& flux = c.work3;
  Field& mpost = c.work4;
  Field& mpre = c.work5;
  const Field& post = c.work2;
  const Field& mf = c.mass_flux_y;
  const Field& r = c.density1;
#pragma omp parallel for schedule(static)
  for (int k = -1; k <= c.ny + 2; ++k)
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j)
      flux(j, k) = 0.25 * (mf(j - 1, k) + mf(j, k) + mf(j - 1, k + 1) + mf(j, k + 1));
#pragma omp parallel for schedule(static)
  for (int k = 0; k <= c.ny + 2; ++k)
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j) {
      mpost(j, k) = 0.25 * (r(j, k - 1) * post(j, k - 1) + r(j, k) * post(j, k) + r(j - 1, k - 1) * post(j - 1, k - 1) +
                            r(j - 1, k) * post(j - 1, k));
      mpre(j, k) = mpost(j, k) - flux(j, k - 1) + flux(j, k);
    }
}

inline double mom_limiter(double vdiffuw, double vdiffdw, double sigma, double width, double celld_dif) {
  if (!(vdiffuw * vdiffdw > 0.0)) return 0.0;
  const double auw = std::abs(vdiffuw);
  const double adw = std::abs(vdiffdw);
  const double wind = vdiffdw <= 0.0 ? -1.0 : 1.0;
  return wind * std::min({width * ((2.0 - sigma) * adw / width + (1.0 + sigma) * auw / celld_dif) / 6.0, auw, adw});
}

void advect_velocity_x(Chunk& c, Field& vel) {
  const Field& flux = c.work3;
  const Field& mpost = c.work4;
  const Field& mpre = c.work5;
  Field& mom = c.work6;
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 1; ++k) {
#pragma omp simd
    for (int j = 0; j <= c.nx + 1; ++j) {
      int upwind, donor, downwind, dif;
      if (flux(j, k) < 0.0) {
        upwind = j + 2; donor = j + 1; downwind = j; dif = donor;
      } else {
        upwind = j - 1; donor = j; downwind = j + 1; dif = upwind;
      }
      const double sigma = std::abs(flux(j, k)) / mpre(donor, k);
      const double limiter = mom_limiter(vel(donor, k) - vel(upwind, k), vel(downwind, k) - vel(donor, k), sigma,
                                         c.celldx(j), c.celldx(dif));
      mom(j, k) = (vel(donor, k) + (1.0 - sigma) * limiter) * flux(j, k);
    }
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j)
      vel(j, k) = (vel(j, k) * mpre(j, k) + mom(j - 1, k) - mom(j, k)) / mpost(j, k);
  }
}

void advect_velocity_y(Chunk& c, Field& vel) {
  const Field& flux = c.work3;
  const Field& mpost = c.work4;
  const Field& mpre = c.work5;
  Field& mom = c.work6;
#pragma omp parallel for schedule(static)
  for (int k = 0; k <= c.ny + 1; ++k)
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j) {
      int upwind, donor, downwind, dif;
      if (flux(j, k) < 0.0) {
        upwind = k + 2; donor = k + 1; downwind = k; dif = donor;
      } else {
        upwind = k - 1; donor = k; downwind = k + 1; dif = upwind;
      }
      const double sigma = std::abs(flux(j, k)) / mpre(j, donor);
      const double limiter = mom_limiter(vel(j, donor) - vel(j, upwind), vel(j, downwind) - vel(j, donor), sigma,
                                         c.celldy(k), c.celldy(dif));
      mom(j, k) = (vel(j, donor) + (1.0 - sigma) * limiter) * flux(j, k);
    }
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 1; ++k)
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j)
      vel(j, k) = (vel(j, k) * mpre(j, k) + mom(j, k - 1) - mom(j, k)) / mpost(j, k);
}

}  // namespace

void advec_mom(Chunk& c, Dir dir, int sweep) {
  mom_post_volume(c, dir, sweep);
  if (dir == Dir::x) {
    node_masses_x(c);
    advect_velocity_x(c, c.xvel1);
    advect_velocity_x(c, c.yvel1);
  } else {
    node_masses_y(c);
    advect_velocity_y(c, c.xvel1);
    advect_velocity_y(c, c.yvel1);
  }
}

}  // namespace clover
