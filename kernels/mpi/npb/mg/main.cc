// vcb-npb_mg: NAS Parallel Benchmarks MG (class S, W, A or B) under MPI. V-cycle multigrid for
// a 3-D periodic Poisson-like problem, with NPB's random right-hand side, operators, timing and
// official verification (relative error of the final residual norm rnm2 <= 1e-8).
//   mpirun -np P vcb-npb_mg [--class S|W|A|B] [--ranks P] [--perturb REL]
// P must be a power of two no larger than the grid edge. The grid is cut into z-slabs with
// one-plane halo exchanges on every level that has at least one plane per rank; coarser levels
// are gathered and computed whole on every rank. --perturb REL scales the right-hand side by
// (1 + REL), which moves rnm2 by the same factor: a test's way to see verification fail.
#include <cmath>
#include <cstdio>
#include <string>

#include "mg_class.h"
#include "multigrid.h"
#include "vcb/mpi_world.h"
#include "vcb/npb/flags.h"
#include "vcb/npb/rank_counts.h"
#include "vcb/npb/record.h"
#include "vcb/npb/stopwatch.h"
#include "vcb/npb/summary.h"

namespace {

using namespace vcb::npb_mg;

std::string size_text(int n) { return std::to_string(n) + "x" + std::to_string(n) + "x" + std::to_string(n); }

}  // namespace

int main(int argc, char** argv) {
  const vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_mg", argc, argv);
  const auto [cls, perturb] = vcb::npb::begin(k, w, kClasses, "1e-6");
  vcb::npb::require_power_of_two_up_to(k, w.size, cls.n, std::string("class ") + cls.name,
                                       "no larger than its grid edge " + std::to_string(cls.n));

  Multigrid mg(cls.n, cls.c, {w.rank, w.size});
  const double scale = 1.0 + perturb;

  // Untimed, as NPB: set up, one V-cycle to touch every array, then set up again from scratch.
  mg.reset(scale);
  mg.residual();
  mg.vcycle();
  mg.residual();
  const Charges charges = mg.reset(scale);

  const vcb::npb::Stopwatch clock;
  mg.residual();
  const Norms initial = mg.residual_norms();
  for (int it = 0; it < cls.nit; ++it) {
    mg.vcycle();
    mg.residual();
  }
  const Norms final_norms = mg.residual_norms();
  const double seconds = clock.seconds();

  const double rnm2 = final_norms.l2;
  const double err = std::abs(rnm2 - cls.verify_rnm2) / cls.verify_rnm2;
  const bool passed = vcb::mpi::all_true(err <= kTolerance);
  const double points = static_cast<double>(cls.n) * cls.n * cls.n;
  const vcb::npb::Outcome outcome{seconds, 58.0 * cls.nit * points * 1e-6 / seconds, passed};

  if (w.root()) {
    const std::string size = size_text(cls.n);
    vcb::npb::print_banner("MG");
    std::printf(" Size: %dx%dx%d  (class %c)\n", cls.n, cls.n, cls.n, cls.name);
    std::printf(" Iterations: %d\n", cls.nit);
    std::printf(" Number of processes: %d\n", w.size);
    if (w.size == 1)
      std::printf(" Decomposition: none (one rank holds all %d levels)\n", mg.levels());
    else
      std::printf(" Decomposition: z-slabs, %d planes per rank on the finest level; %d of %d levels cut,"
                  " the coarser ones held whole on every rank\n",
                  mg.finest().nzl, mg.spread_levels(), mg.levels());
    if (perturb != 0.0) std::printf(" Right-hand side perturbed by a factor 1%+g\n", perturb);
    std::printf(" Initial residual: L2 norm %.13E, max %.13E\n\n", initial.l2, initial.linf);
    std::printf(" Benchmark completed\n");
    std::printf(" L2 Norm is             %.13E\n", rnm2);
    std::printf(" The reference is       %.13E\n", cls.verify_rnm2);
    std::printf(" Relative error is      %.13E (tolerance %.0e)\n", err, kTolerance);
    char measure[80];
    std::snprintf(measure, sizeof measure, "rnm2 relative error %.3e, tolerance %.0e", err, kTolerance);
    vcb::npb::print_results({cls.name, size, cls.nit, w.size}, outcome, measure);

    char line[200];
    std::snprintf(line, sizeof line, "rnm2 %.13e vs reference %.13e: relative error %.3e %s %.0e", rnm2,
                  cls.verify_rnm2, err, err <= kTolerance ? "<=" : ">", kTolerance);
    nlohmann::json detail = {{"rnm2", rnm2},
                             {"rnm2_reference", cls.verify_rnm2},
                             {"relative_error", err},
                             {"tolerance", kTolerance},
                             {"size", size},
                             {"iterations", cls.nit},
                             {"initial_rnm2", initial.l2},
                             {"final_rnmu", final_norms.linf},
                             {"decomposition", "z-slabs; levels with fewer planes than ranks held whole"},
                             {"levels", mg.levels()},
                             {"spread_levels", mg.spread_levels()},
                             {"charges_plus", charges.plus},
                             {"charges_minus", charges.minus}};
    if (perturb != 0.0) detail["perturb"] = perturb;
    vcb::npb::emit_mops(k, outcome, detail, line, {{"size", size}});
  }
  return vcb::mpi::finish(k, w, passed);
}
