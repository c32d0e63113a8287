// vcb-npb_mg: NAS Parallel Benchmarks MG (class S, W, A or B) under MPI. V-cycle multigrid for
// a 3-D periodic Poisson-like problem, with NPB's random right-hand side, operators, timing and
// official verification (relative error of the final residual norm rnm2 <= 1e-8).
//   mpirun -np P vcb-npb_mg [--class S|W|A|B] [--ranks P] [--perturb REL]
// P must be a power of two no larger than the grid edge. The grid is cut into z-slabs with
// one-plane halo exchanges on every level that has at least one plane per rank; coarser levels
// are gathered and computed whole on every rank. --perturb REL scales the right-hand side by
// (1 + REL), which moves rnm2 by the same factor: a test's way to see verification fail.
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mg_class.h"
#include "multigrid.h"
#include "vcb/mpi_world.h"

namespace {

using namespace vcb::npb_mg;

bool power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

std::string valid_rank_counts(int max) {
  std::string out;
  for (int p = 1; p <= max; p *= 2) out += (out.empty() ? "" : ", ") + std::to_string(p);
  return out;
}

double parse_perturb(const vcb::Kernel& k, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(v))
    k.usage_error("--perturb wants a relative change such as 1e-6, got '" + text + "'");
  return v;
}

std::string size_text(int n) { return std::to_string(n) + "x" + std::to_string(n) + "x" + std::to_string(n); }

}  // namespace

int main(int argc, char** argv) {
  const vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_mg", argc, argv);
  const std::string class_name = k.param("class", "S");
  const std::string perturb_text = k.option("perturb", "0");
  vcb::mpi::check_ranks(k, w);
  k.begin();

  const MgClass* cls = find_class(class_name);
  if (!cls) k.usage_error("unknown --class '" + class_name + "'; valid classes: " + kValidClasses);
  const double perturb = parse_perturb(k, perturb_text);
  if (!power_of_two(w.size) || w.size > cls->n)
    k.usage_error("class " + class_name + " needs a power-of-two rank count no larger than its grid edge " +
                  std::to_string(cls->n) + " (" + valid_rank_counts(cls->n) + "), got " + std::to_string(w.size));

  Multigrid mg(cls->n, cls->c, {w.rank, w.size});
  const double scale = 1.0 + perturb;

  // Untimed, as NPB: set up, one V-cycle to touch every array, then set up again from scratch.
  mg.reset(scale);
  mg.residual();
  mg.vcycle();
  mg.residual();
  const Charges charges = mg.reset(scale);

  MPI_Barrier(MPI_COMM_WORLD);
  const double t0 = MPI_Wtime();
  mg.residual();
  const Norms initial = mg.residual_norms();
  for (int it = 0; it < cls->nit; ++it) {
    mg.vcycle();
    mg.residual();
  }
  const Norms final_norms = mg.residual_norms();
  const double seconds = vcb::mpi::max_all(MPI_Wtime() - t0);

  const double rnm2 = final_norms.l2;
  const double err = std::abs(rnm2 - cls->verify_rnm2) / cls->verify_rnm2;
  const bool passed = vcb::mpi::all_true(err <= kTolerance);
  const double points = static_cast<double>(cls->n) * cls->n * cls->n;
  const double mops = 58.0 * cls->nit * points * 1e-6 / seconds;

  if (w.root()) {
    const std::string size = size_text(cls->n);
    std::printf("\n NAS Parallel Benchmarks (vcbench MPI) - MG Benchmark\n\n");
    std::printf(" Size: %dx%dx%d  (class %s)\n", cls->n, cls->n, cls->n, cls->name);
    std::printf(" Iterations: %d\n", cls->nit);
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
    std::printf(" The reference is       %.13E\n", cls->verify_rnm2);
    std::printf(" Relative error is      %.13E (tolerance %.0e)\n\n", err, kTolerance);
    std::printf(" Class           = %24s\n", cls->name);
    std::printf(" Size            = %24s\n", size.c_str());
    std::printf(" Iterations      = %24d\n", cls->nit);
    std::printf(" Time in seconds = %24.6f\n", seconds);
    std::printf(" Total processes = %24d\n", w.size);
    std::printf(" Mop/s total     = %24.2f\n", mops);
    std::printf(" Mop/s/process   = %24.2f\n", mops / w.size);
    std::printf(" Verification = %s (rnm2 relative error %.3e, tolerance %.0e)\n\n",
                passed ? "SUCCESSFUL" : "UNSUCCESSFUL", err, kTolerance);
    std::fflush(stdout);

    char line[200];
    std::snprintf(line, sizeof line, "rnm2 %.13e vs reference %.13e: relative error %.3e %s %.0e", rnm2,
                  cls->verify_rnm2, err, err <= kTolerance ? "<=" : ">", kTolerance);
    nlohmann::json detail = {{"rnm2", rnm2},
                             {"rnm2_reference", cls->verify_rnm2},
                             {"relative_error", err},
                             {"tolerance", kTolerance},
                             {"time_s", seconds},
                             {"size", size},
                             {"iterations", cls->nit},
                             {"initial_rnm2", initial.l2},
                             {"final_rnmu", final_norms.linf},
                             {"decomposition", "z-slabs; levels with fewer planes than ranks held whole"},
                             {"levels", mg.levels()},
                             {"spread_levels", mg.spread_levels()},
                             {"charges_plus", charges.plus},
                             {"charges_minus", charges.minus}};
    if (perturb != 0.0) detail["perturb"] = perturb;
    k.emit({.params = {{"size", size}},
            .metric = "mops",
            .unit = "Mop/s",
            .better = vcb::Better::higher,
            .series = vcb::mpi::single_run(k.plan(), seconds),
            .values = {mops},
            .detail = detail,
            .passed = passed,
            .validation = line});
  }
  return vcb::mpi::finish(k, w, passed);
}
