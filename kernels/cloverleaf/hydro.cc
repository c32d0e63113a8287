// The hydro loop: timestep, PdV predictor, acceleration, PdV corrector, fluxes, advection with
// alternating sweep order, reset; halo updates at the points (and depths) the reference has them.
#include "hydro.h"

#include <algorithm>
#include <string>

#include "comm.h"
#include "halo.h"
#include "profile.h"

namespace clover {
namespace {

constexpr double dtmin = 1.0e-7;

// Runs f under a --profile timer called name.
template <class F>
void timed(const char* name, F&& f) {
  const profile::Scope scope(name);
  f();
}

void halo(Chunk& c, const std::vector<HaloField>& fields, int depth) {
  timed("update_halo", [&] { update_halo(c, fields, depth); });
}

Summary summarise(Chunk& c, int step, double time) {
  const profile::Scope scope("field_summary");
  ideal_gas(c, false);
  return {step, time, comm::sum_all(field_sums(c))};
}

double timestep(Chunk& c, const Deck& deck, double dtold) {
  timed("ideal_gas", [&] { ideal_gas(c, false); });
  halo(c, {{&c.pressure, Kind::cell}, {&c.energy0, Kind::cell}, {&c.density0, Kind::cell},
           {&c.xvel0, Kind::xvel}, {&c.yvel0, Kind::yvel}}, 1);
  timed("viscosity", [&] { viscosity(c); });
  halo(c, {{&c.viscosity, Kind::cell}}, 1);
  double dt = 0.0;
  timed("calc_dt", [&] { dt = calc_dt(c); });
  dt = std::min({dt, dtold * deck.dtrise, deck.dtmax});
  return comm::min_all(dt);
}

void pdv_predict(Chunk& c, double dt) {
  timed("pdv", [&] { pdv(c, true, dt); });  // also the predicted pressure and the revert (see pdv)
  halo(c, {{&c.pressure, Kind::cell}}, 1);
}

void advection(Chunk& c, bool x_first) {
  const Dir d1 = x_first ? Dir::x : Dir::y;
  const Dir d2 = x_first ? Dir::y : Dir::x;
  halo(c, {{&c.energy1, Kind::cell}, {&c.density1, Kind::cell}, {&c.vol_flux_x, Kind::xface},
           {&c.vol_flux_y, Kind::yface}}, 2);
  const std::vector<HaloField> after_cell = {{&c.density1, Kind::cell},    {&c.energy1, Kind::cell},
                                             {&c.xvel1, Kind::xvel},       {&c.yvel1, Kind::yvel},
                                             {&c.mass_flux_x, Kind::xface}, {&c.mass_flux_y, Kind::yface}};
  timed("advec_cell", [&] { advec_cell(c, d1, 1); });
  halo(c, after_cell, 2);
  timed("advec_mom", [&] { advec_mom(c, d1, 1); });
  timed("advec_cell", [&] { advec_cell(c, d2, 2); });
  halo(c, after_cell, 2);
  timed("advec_mom", [&] { advec_mom(c, d2, 2); });
}

}  // namespace

RunResult run_hydro(Chunk& c, const Deck& deck, const RunOptions& opt,
                    const std::function<void(const Summary&)>& on_summary) {
  RunResult r;
  auto record = [&](const Summary& s) {
    r.summaries.push_back(s);
    on_summary(s);
  };
  ideal_gas(c, false);
  update_halo(c, {{&c.density0, Kind::cell}, {&c.density1, Kind::cell}, {&c.energy0, Kind::cell},
                  {&c.energy1, Kind::cell}, {&c.pressure, Kind::cell}, {&c.viscosity, Kind::cell},
                  {&c.xvel0, Kind::xvel}, {&c.xvel1, Kind::xvel}, {&c.yvel0, Kind::yvel}, {&c.yvel1, Kind::yvel}}, 2);
  record(summarise(c, 0, 0.0));
  double time = 0.0, dtold = deck.dtinit;
  bool advect_x = true;
  for (int step = 1;; ++step) {
    double dt = timestep(c, deck, dtold);
    if (dt < dtmin) {
      r.ok = false;
      r.error = "timestep fell below dtmin at step " + std::to_string(step);
      record(summarise(c, step - 1, time));
      return r;
    }
    dtold = dt;
    dt *= opt.perturb_dt;
    pdv_predict(c, dt);
    timed("accelerate", [&] { accelerate(c, dt); });
    timed("pdv", [&] { pdv(c, false, dt); });
    timed("flux_calc", [&] { flux_calc(c, dt); });
    advection(c, advect_x);
    timed("reset_field", [&] { reset_field(c); });
    advect_x = !advect_x;
    time += dt;
    r.steps = step;
    const bool last = time + g_small > deck.end_time || step >= deck.end_step;
    const bool periodic = deck.summary_frequency > 0 && step % deck.summary_frequency == 0;
    if (periodic || last) record(summarise(c, step, time));
    if (last) return r;
  }
}

}  // namespace clover
