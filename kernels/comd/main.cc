// vcb-comd: a CoMD-like classical molecular dynamics proxy (CoMD 1.1's method: FCC copper, velocity
// Verlet, link cells, Lennard-Jones or EAM), run once per process. It prints CoMD's loop table with
// full precision, then one record of atom-updates per microsecond and one of time per atom update,
// validated against CoMD's own energies for the standard cases (see validate.h).
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "comm.h"
#include "options.h"
#include "potential.h"
#include "sim.h"
#include "validate.h"
#include "vcb/kernel.h"

#ifndef VCB_COMD_POT_DIR
#define VCB_COMD_POT_DIR "pots"
#endif

namespace {

double to_double(vcb::Kernel& k, const std::string& key, const std::string& fallback) {
  const std::string v = k.param(key, fallback);
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0') k.usage_error("--" + key + " wants a number, got '" + v + "'");
  return d;
}

int positive_int(vcb::Kernel& k, const std::string& key, long long fallback) {
  const long long v = k.param_int(key, fallback);
  if (v < 1 || v > 1000000) k.usage_error("--" + key + " must be a positive integer");
  return static_cast<int>(v);
}

struct Setup {
  comd::Config cfg;
  std::string potential, pot_file;
  int threads = 1;
};

Setup read_setup(vcb::Kernel& k) {
  Setup s;
  comd::Config& c = s.cfg;
  c.cells = {positive_int(k, "nx", 20), positive_int(k, "ny", 20), positive_int(k, "nz", 20)};
  c.procs = {positive_int(k, "xproc", 1), positive_int(k, "yproc", 1), positive_int(k, "zproc", 1)};
  c.steps = positive_int(k, "steps", 100);
  c.print_rate = positive_int(k, "print-rate", 10);
  c.dt = to_double(k, "dt", "1");
  c.lattice = to_double(k, "lat", "-1");
  c.temperature = to_double(k, "temp", "600");
  c.delta = to_double(k, "delta", "0");
  c.perturb_dt = std::atof(k.option("perturb-dt", "1").c_str());
  if (!(c.dt > 0) || c.temperature < 0 || !(c.perturb_dt > 0)) k.usage_error("--dt and --perturb-dt > 0, --temp >= 0");
  s.potential = k.param("potential", "lj");
  if (s.potential != "lj" && s.potential != "eam-funcfl" && s.potential != "eam-setfl")
    k.usage_error("--potential wants lj, eam-funcfl or eam-setfl (CoMD: -e [-t setfl])");
  const std::string dir = k.option("pot-dir", VCB_COMD_POT_DIR);
  const std::string name = k.option("pot-name", s.potential == "eam-setfl" ? "Cu01.eam.alloy" : "Cu_u6.eam");
  s.pot_file = k.option("pot-file", dir + "/" + name);
  s.threads = positive_int(k, "threads", omp_get_max_threads());
  return s;
}

comd::Potential load_potential(vcb::Kernel& k, const Setup& s) {
  comd::Potential pot;
  std::string error;
  if (s.potential == "lj") return comd::lennard_jones_copper();
  const bool ok = s.potential == "eam-setfl" ? comd::read_setfl(s.pot_file, pot, error)
                                               : comd::read_funcfl(s.pot_file, pot, error);
  if (!ok) k.usage_error(error + " (name the table with --pot-file PATH or -d DIR -p FILE)");
  return pot;
}

void emit_records(vcb::Kernel& k, const Setup& s, const comd::Potential& pot, const comd::RunResult& run,
                  double wall, int ranks) {
  const comd::Verdict v = comd::validate(s.cfg, pot, run);
  const double updates = static_cast<double>(run.atoms_initial) * s.cfg.steps;
  vcb::Series series{.iterations = 1, .calibrated_here = k.plan().calibrate, .seconds = {wall}};
  nlohmann::json params = {{"ranks", ranks}};
  if (pot.kind != comd::PotentialKind::lj) params["pot_file"] = s.pot_file;
  nlohmann::json detail = {{"loop_s", run.loop_seconds}, {"wall_s", wall}, {"atoms", run.atoms_initial},
                           {"steps", s.cfg.steps}, {"standard_case", v.standard},
                           {"perturb_dt", s.cfg.perturb_dt},
                           {"final_energy_per_atom", run.lines.back().total},
                           {"initial_energy_per_atom", run.lines.front().total}};
  const double loop = run.loop_seconds > 0 ? run.loop_seconds : wall;
  k.emit({.params = params, .metric = "atom_updates_per_us", .unit = "atoms/us", .better = vcb::Better::higher,
          .series = series, .values = {updates / loop / 1e6}, .detail = detail, .passed = v.passed,
          .validation = v.detail});
  k.emit({.params = params, .metric = "time_per_atom_update", .unit = "us", .better = vcb::Better::lower,
          .series = series, .values = {loop * 1e6 / updates}, .detail = detail, .passed = v.passed,
          .validation = v.detail});
}

}  // namespace

int main(int argc, char** argv) {
  comd::Comm::init(argc, argv);
  const int rank = comd::Comm::world_rank();
  std::vector<std::string> args;
  std::string error;
  if (!comd::translate_short_flags(argc, argv, args, error)) {
    std::fprintf(stderr, "vcb-comd: %s\n", error.c_str());
    return 2;
  }
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  vcb::Kernel k("comd", static_cast<int>(cargs.size()), cargs.data());
  const Setup s = read_setup(k);
  k.begin();
  omp_set_num_threads(s.threads);
  const comd::Potential pot = load_potential(k, s);
  comd::Config cfg = s.cfg;
  if (cfg.lattice <= 0) cfg.lattice = pot.lattice;
  const int ranks = comd::Comm::world_size();
  if (cfg.procs[0] * cfg.procs[1] * cfg.procs[2] != ranks) {
    if (cfg.procs == std::array<int, 3>{1, 1, 1}) cfg.procs = {ranks, 1, 1};  // convenience: split along x
    else k.usage_error("-i*-j*-k must equal the number of MPI ranks (" + std::to_string(ranks) + ")");
  }
  const comd::Comm comm(cfg.procs);
  comd::Geometry geom;
  if (!comd::make_geometry(cfg.cells, cfg.lattice, pot.cutoff, comm, geom, error)) k.usage_error(error);
  const auto t0 = std::chrono::steady_clock::now();
  comd::Simulation sim(cfg, pot, comm, geom);
  comd::RunResult run;
  const bool ok = sim.run(rank == 0 ? stdout : nullptr, run, error);
  const double wall = comm.max(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::fflush(stdout);
  int code = 0;
  if (rank == 0) {
    if (!ok) k.emit_failure(error);
    else emit_records(k, s, pot, run, wall, ranks);
    code = k.finish();
  }
  comd::Comm::finalize();
  return code;
}
