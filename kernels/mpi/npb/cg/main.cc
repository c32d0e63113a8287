// vcb-npb_cg: NAS Parallel Benchmarks' CG kernel under MPI.
//   mpirun -np N vcb-npb_cg [--class S|W|A|B|C] [--perturb 0|1]        (N a power of two)
// Inverse power method for the smallest eigenvalue of NPB's random sparse SPD matrix: niter outer
// iterations, each 25 conjugate-gradient steps on A z = x, then zeta = shift + 1/(x.z) and
// x = z/||z||. Rows are split into contiguous blocks over the ranks (see conj_grad.h). One untimed
// iteration first, as NPB. Verification: zeta against NPB's official value (relative 1e-10).
// Mop/s by NPB's formula 2*niter*na*(3 + nz(nz+1) + 25*(5 + nz(nz+1)) + 3) / t / 1e6, nz = nonzer.
// --perturb 1 draws the matrix from the stream one number late, so verification must fail.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cg_classes.h"
#include "conj_grad.h"
#include "make_matrix.h"
#include "vcb/mpi_world.h"
#include "vcb/npb/flags.h"
#include "vcb/npb/rank_counts.h"
#include "vcb/npb/record.h"
#include "vcb/npb/stopwatch.h"
#include "vcb/npb/summary.h"

namespace {

struct Step {
  double rnorm;
  double zeta;
};

// One outer iteration: solve, then zeta = shift + 1/(x.z) and x = z / ||z||.
Step power_step(npb_cg::ConjGrad& cg, double shift, std::vector<double>& x, std::vector<double>& z) {
  const double rnorm = cg.solve(x, z);
  double norms[2] = {0.0, 0.0};
  for (size_t j = 0; j < x.size(); ++j) {
    norms[0] += x[j] * z[j];
    norms[1] += z[j] * z[j];
  }
  npb_cg::sum_all(norms, 2);
  const double scale = 1.0 / std::sqrt(norms[1]);
  for (size_t j = 0; j < x.size(); ++j) x[j] = scale * z[j];
  return {rnorm, shift + 1.0 / norms[0]};
}

void print_summary(const npb_cg::CgClass& c, int ranks, long long nonzeros, const std::vector<Step>& steps,
                   const vcb::npb::Outcome& o, double err) {
  vcb::npb::print_heading("CG");
  vcb::npb::print_row("Class", "%c", c.name);
  vcb::npb::print_row("Size (na)", "%d", c.na);
  vcb::npb::print_row("Nonzeros per vector", "%d (matrix nonzeros %lld)", c.nonzer, nonzeros);
  vcb::npb::print_row("Iterations", "%d (x %d CG steps)", c.niter, npb_cg::kCgSteps);
  vcb::npb::print_row("Number of ranks", "%d (row blocks)", ranks);
  std::printf("\n   iteration           ||r||                 zeta\n");
  for (size_t i = 0; i < steps.size(); ++i)
    std::printf("    %5zu       %20.14e %20.13f\n", i + 1, steps[i].rnorm, steps[i].zeta);
  std::printf("\n");
  vcb::npb::print_outcome(o);
  std::printf("   zeta computed %.13e  reference %.13e  rel. error %.3e (tolerance %.0e)\n\n", steps.back().zeta,
              c.zeta_ref, err, npb_cg::kTolerance);
}

}  // namespace

int main(int argc, char** argv) {
  const vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_cg", argc, argv);
  const auto [cls, perturbed] = vcb::npb::begin(k, w, npb_cg::kClasses);
  vcb::npb::require_power_of_two(k, w.size, "CG", cls.na,
                                 std::string("class ") + cls.name + " has only " + std::to_string(cls.na) +
                                     " rows; use fewer ranks");

  const npb_cg::Layout layout = npb_cg::make_layout(cls.na, w.size);
  const npb_cg::LocalMatrix a = npb_cg::make_matrix(cls.na, cls.nonzer, cls.shift, npb_cg::kRcond,
                                                    layout.block(w.rank), perturbed ? 1 : 0);
  double nonzeros = static_cast<double>(a.col.size());
  npb_cg::sum_all(&nonzeros, 1);
  npb_cg::ConjGrad cg(a, layout, cls.na);
  std::vector<double> x(a.rows.count, 1.0), z(a.rows.count, 0.0);

  power_step(cg, cls.shift, x, z);  // untimed: touches every page and code path once
  std::fill(x.begin(), x.end(), 1.0);

  std::vector<Step> steps;
  const vcb::npb::Stopwatch clock;
  for (int it = 0; it < cls.niter; ++it) steps.push_back(power_step(cg, cls.shift, x, z));
  const double seconds = clock.seconds();

  const double zeta = steps.back().zeta;
  const double err = std::fabs(zeta - cls.zeta_ref) / cls.zeta_ref;
  const bool ok = vcb::mpi::all_true(err <= npb_cg::kTolerance);
  const double nz1 = static_cast<double>(cls.nonzer) * (cls.nonzer + 1);
  const double mops = 2.0 * cls.niter * cls.na * (3.0 + nz1 + npb_cg::kCgSteps * (5.0 + nz1) + 3.0) / seconds / 1e6;
  const vcb::npb::Outcome outcome{seconds, mops, ok};

  if (w.root()) {
    print_summary(cls, w.size, static_cast<long long>(nonzeros), steps, outcome, err);
    char line[256];
    std::snprintf(line, sizeof line, "CG class %c: zeta %.13e vs %.13e (rel %.2e), tolerance %.0e: %s", cls.name,
                  zeta, cls.zeta_ref, err, npb_cg::kTolerance, ok ? "verified" : "NOT verified");
    const nlohmann::json detail = {{"na", cls.na},
                                   {"nonzer", cls.nonzer},
                                   {"niter", cls.niter},
                                   {"cg_steps", npb_cg::kCgSteps},
                                   {"shift", cls.shift},
                                   {"rcond", npb_cg::kRcond},
                                   {"matrix_nonzeros", static_cast<long long>(nonzeros)},
                                   {"distribution", "row blocks, MPI_Allgatherv of the search direction"},
                                   {"zeta", zeta},
                                   {"zeta_reference", cls.zeta_ref},
                                   {"zeta_rel_error", err},
                                   {"tolerance", npb_cg::kTolerance},
                                   {"final_rnorm", steps.back().rnorm},
                                   {"perturbed", perturbed}};
    vcb::npb::emit_mops(k, outcome, detail, line);
  }
  return vcb::mpi::finish(k, w, ok);
}
