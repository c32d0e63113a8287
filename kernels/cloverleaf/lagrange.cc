// The Lagrangian half of a step: equation of state, artificial viscosity, timestep control,
// PdV work, acceleration, face fluxes, reset, and the field summary sums.
#include <algorithm>
#include <cmath>

#include "kernels.h"

namespace clover {

void ideal_gas(Chunk& c, bool predicted) {
  Field& rho = predicted ? c.density1 : c.density0;
  Field& e = predicted ? c.energy1 : c.energy0;
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny; ++k) {
    const double* r = rho.row(k);
    const double* en = e.row(k);
    double* p = c.pressure.row(k);
    double* cs = c.soundspeed.row(k);
#pragma omp simd
    for (int j = 1; j <= c.nx; ++j) {
      const double v = 1.0 / r[j];
      p[j] = (1.4 - 1.0) * r[j] * en[j];
      const double pe = (1.4 - 1.0) * r[j];
      const double pv = -r[j] * p[j];
      cs[j] = std::sqrt(v * v * (p[j] * pe - pv));
    }
  }
}

namespace {

// Inner loops take one row pointer per (field, k) so they index plain arrays with unit stride and
// vectorize; the branches of the reference become selects, which leave every taken value's bits alone.
// std::min/max of two values replace the initializer-list forms, which block vectorization (the
// arguments are never NaN, so the result is the same value).
using Row = const double* __restrict;

void viscosity_row(Chunk& c, int k) {
  Row u0 = c.xvel0.row(k), u1 = c.xvel0.row(k + 1), v0 = c.yvel0.row(k), v1 = c.yvel0.row(k + 1);
  Row pm = c.pressure.row(k - 1), p = c.pressure.row(k), pp = c.pressure.row(k + 1), rho = c.density0.row(k);
  Row dx = c.celldx.base();
  double* __restrict q = c.viscosity.row(k);
  const double dy = c.celldy(k), dy_sum = c.celldy(k) + c.celldy(k + 1);
#pragma omp simd
  for (int j = 1; j <= c.nx; ++j) {
    const double ugrad = (u0[j + 1] + u1[j + 1]) - (u0[j] + u1[j]);
    const double vgrad = (v1[j] + v1[j + 1]) - (v0[j] + v0[j + 1]);
    const double div = dx[j] * ugrad + dy * vgrad;
    const double strain2 = 0.5 * (u1[j] + u1[j + 1] - u0[j] - u0[j + 1]) / dy +
                           0.5 * (v0[j + 1] + v1[j + 1] - v0[j] - v1[j]) / dx[j];
    double pgradx = (p[j + 1] - p[j - 1]) / (dx[j] + dx[j + 1]);
    double pgrady = (pp[j] - pm[j]) / dy_sum;
    const double pgradx2 = pgradx * pgradx;
    const double pgrady2 = pgrady * pgrady;
    const double limiter = ((0.5 * ugrad / dx[j]) * pgradx2 + (0.5 * vgrad / dy) * pgrady2 +
                            strain2 * pgradx * pgrady) / std::max(pgradx2 + pgrady2, 1.0e-16);
    const double dirx = pgradx < 0.0 ? -1.0 : 1.0;
    pgradx = dirx * std::max(1.0e-16, std::abs(pgradx));
    const double diry = pgradx < 0.0 ? -1.0 : 1.0;  // sic: the reference tests pgradx here
    pgrady = diry * std::max(1.0e-16, std::abs(pgrady));
    const double pgrad = std::sqrt(pgradx * pgradx + pgrady * pgrady);
    const double xgrad = std::abs(dx[j] * pgrad / pgradx);
    const double ygrad = std::abs(dy * pgrad / pgrady);
    const double grad = std::min(xgrad, ygrad);
    const double grad2 = grad * grad;
    const double visc = 2.0 * rho[j] * grad2 * limiter * limiter;
    q[j] = ((limiter > 0.0) | (div >= 0.0)) ? 0.0 : visc;
  }
}

double calc_dt_row(const Chunk& c, int k) {
  Row u0 = c.xvel0.row(k), u1 = c.xvel0.row(k + 1), v0 = c.yvel0.row(k), v1 = c.yvel0.row(k + 1);
  Row volume = c.volume.row(k), cs = c.soundspeed.row(k), q = c.viscosity.row(k), rho = c.density0.row(k);
  Row xa = c.xarea.row(k), ya0 = c.yarea.row(k), ya1 = c.yarea.row(k + 1), dx = c.celldx.base();
  const double dy = c.celldy(k);
  double dt_min = g_big;
#pragma omp simd reduction(min : dt_min)
  for (int j = 1; j <= c.nx; ++j) {
    const double vol = volume[j];
    double cc = cs[j] * cs[j];
    cc = cc + 2.0 * q[j] / rho[j];
    cc = std::max(std::sqrt(cc), g_small);
    const double dtct = 0.7 * std::min(dx[j], dy) / cc;
    double div = 0.0;
    double dv1 = (u0[j] + u1[j]) * xa[j];
    double dv2 = (u0[j + 1] + u1[j + 1]) * xa[j + 1];
    div = div + dv2 - dv1;
    const double dtut = 0.5 * 2.0 * vol / std::max(std::max(std::abs(dv1), std::abs(dv2)), g_small * vol);
    dv1 = (v0[j] + v0[j + 1]) * ya0[j];
    dv2 = (v1[j] + v1[j + 1]) * ya1[j];
    div = div + dv2 - dv1;
    const double dtvt = 0.5 * 2.0 * vol / std::max(std::max(std::abs(dv1), std::abs(dv2)), g_small * vol);
    div = div / (2.0 * vol);
    const double dt_converge = 0.7 * (-1.0 / div);  // computed always: a branch would stop vectorizing
    const double dtdivt = div < -g_small ? dt_converge : g_big;
    dt_min = std::min(dt_min, std::min(std::min(dtct, dtut), std::min(dtvt, dtdivt)));
  }
  return dt_min;
}

// One row of PdV; Predict also stores the predicted pressure and reverts density1/energy1 (the
// reference stores the predicted state, runs ideal_gas and reverts: same bits, two passes fewer;
// the predicted sound speed is never read, so it is not computed).
template <bool Predict>
void pdv_row(Chunk& c, int k, double dt) {
  const Field& us = Predict ? c.xvel0 : c.xvel1;
  const Field& vs = Predict ? c.yvel0 : c.yvel1;
  const double half = Predict ? 0.5 : 1.0;  // the predictor moves half a step
  Row u0a = c.xvel0.row(k), u0b = c.xvel0.row(k + 1), usa = us.row(k), usb = us.row(k + 1);
  Row v0a = c.yvel0.row(k), v0b = c.yvel0.row(k + 1), vsa = vs.row(k), vsb = vs.row(k + 1);
  Row xa = c.xarea.row(k), ya0 = c.yarea.row(k), ya1 = c.yarea.row(k + 1), volume = c.volume.row(k);
  Row rho0 = c.density0.row(k), e0 = c.energy0.row(k), q = c.viscosity.row(k);
  double* __restrict p = c.pressure.row(k);
  double* __restrict e1 = c.energy1.row(k);
  double* __restrict rho1 = c.density1.row(k);
#pragma omp simd
  for (int j = 1; j <= c.nx; ++j) {
    const double left = (xa[j] * (u0a[j] + u0b[j] + usa[j] + usb[j])) * 0.25 * dt * half;
    const double right = (xa[j + 1] * (u0a[j + 1] + u0b[j + 1] + usa[j + 1] + usb[j + 1])) * 0.25 * dt * half;
    const double bottom = (ya0[j] * (v0a[j] + v0a[j + 1] + vsa[j] + vsa[j + 1])) * 0.25 * dt * half;
    const double top = (ya1[j] * (v0b[j] + v0b[j + 1] + vsb[j] + vsb[j + 1])) * 0.25 * dt * half;
    const double total = right - left + top - bottom;
    const double vol = volume[j];
    const double volume_change = vol / (vol + total);
    const double recip_volume = 1.0 / vol;
    const double rho = rho0[j];
    const double energy_change = (p[j] / rho + q[j] / rho) * total * recip_volume;
    const double e_new = e0[j] - energy_change;
    const double rho_new = rho * volume_change;
    if constexpr (Predict) {
      p[j] = (1.4 - 1.0) * rho_new * e_new;
      e1[j] = e0[j];
      rho1[j] = rho;
    } else {
      e1[j] = e_new;
      rho1[j] = rho_new;
    }
  }
}

}  // namespace

void viscosity(Chunk& c) {
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny; ++k) viscosity_row(c, k);
}

double calc_dt(Chunk& c) {
  double dt_min = g_big;
#pragma omp parallel for schedule(static) reduction(min : dt_min)
  for (int k = 1; k <= c.ny; ++k) dt_min = std::min(dt_min, calc_dt_row(c, k));
  return dt_min;
}

void pdv(Chunk& c, bool predict, double dt) {
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny; ++k) {
    if (predict) pdv_row<true>(c, k, dt);
    else pdv_row<false>(c, k, dt);
  }
}

void accelerate(Chunk& c, double dt) {
  const double halfdt = 0.5 * dt;
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 1; ++k) {
    Row r0 = c.density0.row(k - 1), r1 = c.density0.row(k), vol0 = c.volume.row(k - 1), vol1 = c.volume.row(k);
    Row p0 = c.pressure.row(k - 1), p1 = c.pressure.row(k), q0 = c.viscosity.row(k - 1), q1 = c.viscosity.row(k);
    Row xa0 = c.xarea.row(k), xa1 = c.xarea.row(k - 1), ya = c.yarea.row(k);
    Row u0 = c.xvel0.row(k), v0 = c.yvel0.row(k);
    double* __restrict u1 = c.xvel1.row(k);
    double* __restrict v1 = c.yvel1.row(k);
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j) {
      const double nodal_mass = (r0[j - 1] * vol0[j - 1] + r0[j] * vol0[j] + r1[j] * vol1[j] + r1[j - 1] * vol1[j - 1]) * 0.25;
      const double s = halfdt / nodal_mass;
      double u = u0[j] - s * (xa0[j] * (p1[j] - p1[j - 1]) + xa1[j] * (p0[j] - p0[j - 1]));
      double v = v0[j] - s * (ya[j] * (p1[j] - p0[j]) + ya[j - 1] * (p1[j - 1] - p0[j - 1]));
      u = u - s * (xa0[j] * (q1[j] - q1[j - 1]) + xa1[j] * (q0[j] - q0[j - 1]));
      v = v - s * (ya[j] * (q1[j] - q0[j]) + ya[j - 1] * (q1[j - 1] - q0[j - 1]));
      u1[j] = u;
      v1[j] = v;
    }
  }
}

void flux_calc(Chunk& c, double dt) {
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 1; ++k) {
    Row xa = c.xarea.row(k), ya = c.yarea.row(k);
    Row u0a = c.xvel0.row(k), u0b = c.xvel0.row(k + 1), u1a = c.xvel1.row(k), u1b = c.xvel1.row(k + 1);
    Row v0 = c.yvel0.row(k), v1 = c.yvel1.row(k);
    double* __restrict fx = c.vol_flux_x.row(k);
    double* __restrict fy = c.vol_flux_y.row(k);
#pragma omp simd
    for (int j = 1; j <= c.nx + 1; ++j) {
      fx[j] = 0.25 * dt * xa[j] * (u0a[j] + u0b[j] + u1a[j] + u1b[j]);
      fy[j] = 0.25 * dt * ya[j] * (v0[j] + v0[j + 1] + v1[j] + v1[j + 1]);
    }
  }
}

void reset_field(Chunk& c) {
#pragma omp parallel for schedule(static)
  for (int k = 1; k <= c.ny + 1; ++k) {
    const auto copy_row = [k](const Field& from, Field& to, int n) {
      std::copy(from.row(k) + 1, from.row(k) + n + 1, to.row(k) + 1);
    };
    copy_row(c.xvel1, c.xvel0, c.nx + 1);
    copy_row(c.yvel1, c.yvel0, c.nx + 1);
    if (k > c.ny) continue;
    copy_row(c.density1, c.density0, c.nx);
    copy_row(c.energy1, c.energy0, c.nx);
  }
}

FieldSums field_sums(Chunk& c) {
  double vol = 0.0, mass = 0.0, ie = 0.0, ke = 0.0, press = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : vol, mass, ie, ke, press)
  for (int k = 1; k <= c.ny; ++k)
    for (int j = 1; j <= c.nx; ++j) {
      double vsqrd = 0.0;
      for (int kv = k; kv <= k + 1; ++kv)
        for (int jv = j; jv <= j + 1; ++jv)
          vsqrd = vsqrd + 0.25 * (c.xvel0(jv, kv) * c.xvel0(jv, kv) + c.yvel0(jv, kv) * c.yvel0(jv, kv));
      const double cell_vol = c.volume(j, k);
      const double cell_mass = cell_vol * c.density0(j, k);
      vol = vol + cell_vol;
      mass = mass + cell_mass;
      ie = ie + cell_mass * c.energy0(j, k);
      ke = ke + cell_mass * 0.5 * vsqrd;
      press = press + cell_vol * c.pressure(j, k);
    }
  return {vol, mass, ie, ke, press};
}

}  // namespace clover
