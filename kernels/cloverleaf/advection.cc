// The remap half of a step: second-order, van Leer-limited donor-cell advection of mass and
// energy (advec_cell) and of nodal momentum (advec_mom), one direction per call.
#include <algorithm>
#include <cmath>

#include "kernels.h"

namespace clover {
namespace {

constexpr double one_by_six = 1.0 / 6.0;

// Limited correction of a cell-centred quantity for the flux through a face (both advec_cell sweeps).
inline double cell_limiter(double donor, double upwind, double downwind, double sigma, double sigma3,
                           double sigma4) {
  const double diffuw = donor - upwind;
  const double diffdw = downwind - donor;
  const double wind = diffdw <= 0.0 ? -1.0 : 1.0;
  if (!(diffuw * diffdw > 0.0)) return 0.0;
  return (1.0 - sigma) * wind *
         std::min({std::abs(diffuw), std::abs(diffdw), one_by_six * (sigma3 * std::abs(diffuw) + sigma4 * std::abs(diffdw))});
}

void cell_volumes_x(Chunk& c, int sweep) {
  Field& pre = c.work1;
  Field& post = c.work2;
#pragma omp parallel for schedule(static)
  for (int k = -1; k <= c.ny + 2; ++k)
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) {
      const double fx = c.vol_flux_x(j + 1, k) - c.vol_flux_x(j, k);
      if (sweep == 1) {
        pre(j, k) = c.volume(j, k) + (fx + c.vol_flux_y(j, k + 1) - c.vol_flux_y(j, k));
        post(j, k) = pre(j, k) - fx;
      } else {
        pre(j, k) = c.volume(j, k) + c.vol_flux_x(j + 1, k) - c.vol_flux_x(j, k);
        post(j, k) = c.volume(j, k);
      }
    }
}

void cell_volumes_y(Chunk& c, int sweep) {
  Field& pre = c.work1;
  Field& post = c.work2;
#pragma omp parallel for schedule(static)
  for (int k = -1; k <= c.ny + 2; ++k)
#pragma omp simd
    for (int j = -1; j <= c.nx + 2; ++j) {
      const double fy = c.vol_flux_y(j, k + 1) - c.vol_flux_y(j, k);
      if (sweep == 1) {
        pre(j, k) = c.volume(j, k) + (fy + c.vol_flux_x(j + 1, k) - c.vol_flux_x(j, k));
        post(j, k) = pre(j, k) - fy;
      } else {
        pre(j, k) = c.volume(j, k) + c.vol_flux_y(j, k + 1) - c.vol_flux_y(j, k);
        post(j, k) = c.volume(j, k);
      }
    }
}

void advec_cell_x(Chunk& c, int sweep) {
  cell_volumes_x(c, sweep);
  Field& pre = c.work1;
  Field& ener_flux = c.work7;
  const Field& vf = c.vol_flux_x;
  Field& mf = c.mass_flux_x;
  Field& rho = c.density1;
  Field& e = c.energy1;
  const int xmax2 = c.nx + 2;
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny; ++k) {
#pragma omp simd
    for (int j = 1; j <= c.nx + 2; ++j) {
      int upwind, donor, downwind, dif;
      if (vf(j, k) > 0.0) {
        upwind = j - 2; donor = j - 1; downwind = j; dif = donor;
      } else {
        upwind = std::min(j + 1, xmax2); donor = j; downwind = j - 1; dif = upwind;
      }
      const double sigmat = std::abs(vf(j, k)) / pre(donor, k);
      const double sigma3 = (1.0 + sigmat) * (c.vertexdx(j) / c.vertexdx(dif));
      const double sigma4 = 2.0 - sigmat;
      const double lim_r = cell_limiter(rho(donor, k), rho(upwind, k), rho(downwind, k), sigmat, sigma3, sigma4);
      mf(j, k) = vf(j, k) * (rho(donor, k) + lim_r);
      const double sigmam = std::abs(mf(j, k)) / (rho(donor, k) * pre(donor, k));
      const double lim_e = cell_limiter(e(donor, k), e(upwind, k), e(downwind, k), sigmam, sigma3, sigma4);
      ener_flux(j, k) = mf(j, k) * (e(donor, k) + lim_e);
    }
  }
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny; ++k)
#pragma omp simd
    for (int j = 1; j <= c.nx; ++j) {
      const double pre_mass = rho(j, k) * pre(j, k);
      const double post_mass = pre_mass + mf(j, k) - mf(j + 1, k);
      const double post_ener = (e(j, k) * pre_mass + ener_flux(j, k) - ener_flux(j + 1, k)) / post_mass;
      const double advec_vol = pre(j, k) + vf(j, k) - vf(j + 1, k);
      rho(j, k) = post_mass / advec_vol;
      e(j, k) = post_ener;
    }
}

void advec_cell_y(Chunk& c, int sweep) {
  cell_volumes_y(c, sweep);
  Field& pre = c.work1;
  Field& ener_flux = c.work7;
  const Field& vf = c.vol_flux_y;
  Field& mf = c.mass_flux_y;
  Field& rho = c.density1;
  Field& e = c.energy1;
  const int ymax2 = c.ny + 2;
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 2; ++k) {
#pragma omp simd
    for (int j = 1; j <= c.nx; ++j) {
      int upwind, donor, downwind, dif;
      if (vf(j, k) > 0.0) {
        upwind = k - 2; donor = k - 1; downwind = k; dif = donor;
      } else {
        upwind = std::min(k + 1, ymax2); donor = k; downwind = k - 1; dif = upwind;
      }
      const double sigmat = std::abs(vf(j, k)) / pre(j, donor);
      const double sigma3 = (1.0 + sigmat) * (c.vertexdy(k) / c.vertexdy(dif));
      const double sigma4 = 2.0 - sigmat;
      const double lim_r = cell_limiter(rho(j, donor), rho(j, upwind), rho(j, downwind), sigmat, sigma3, sigma4);
      mf(j, k) = vf(j, k) * (rho(j, donor) + lim_r);
      const double sigmam = std::abs(mf(j, k)) / (rho(j, donor) * pre(j, donor));
      const double lim_e = cell_limiter(e(j, donor), e(j, upwind), e(j, downwind), sigmam, sigma3, sigma4);
      ener_flux(j, k) = mf(j, k) * (e(j, donor) + lim_e);
    }
  }
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny; ++k)
#pragma omp simd
    for (int j = 1; j <= c.nx; ++j) {
      const double pre_mass = rho(j, k) * pre(j, k);
      const double post_mass = pre_mass + mf(j, k) - mf(j, k + 1);
      const double post_ener = (e(j, k) * pre_mass + ener_flux(j, k) - ener_flux(j, k + 1)) / post_mass;
      const double advec_vol = pre(j, k) + vf(j, k) - vf(j, k + 1);
      rho(j, k) = post_mass / advec_vol;
      e(j, k) = post_ener;
    }
}

}  // namespace

void advec_cell(Chunk& c, Dir dir, int sweep) {
  if (dir == Dir::x) advec_cell_x(c, sweep);
  else advec_cell_y(c, sweep);
}

}  // namespace clover
