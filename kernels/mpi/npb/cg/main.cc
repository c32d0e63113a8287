// vcb-npb_cg: NAS Parallel Benchmarks' CG kernel under MPI.
//   mpirun -np N vcb-npb_cg [--class S|W|A|B|C] [--perturb 0|1]        (N a power of two)
// Inverse power method for the smallest eigenvalue of NPB's random sparse SPD matrix: niter outer
// iterations, each 25 conjugate-gradient steps on A z = x, then zeta = shift + 1/(x.z) and
// x = z/||z||. Rows are split into contiguous blocks over the ranks (see conj_grad.h). One untimed
// iteration first, as NPB. Verification: zeta against NPB's official value (relative 1e-10).
// Mop/s by NPB's formula 2*niter*na*(3 + nz(nz+1) + 25*(5 + nz(nz+1)) + 3) / t / 1e6, nz = nonzer.
// --perturb 1 draws the matrix from the stream one number late, so verification must fail.
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cg_classes.h"
#include "conj_grad.h"
#include "make_matrix.h"
#include "vcb/mpi_world.h"

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

bool power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

void print_summary(const npb_cg::CgClass& c, int ranks, long long nonzeros, const std::vector<Step>& steps,
                   double seconds, double mops, bool ok, double err) {
  std::printf("\n NAS-style CG benchmark (vcbench)\n\n");
  std::printf(" Class                     = %c\n", c.name);
  std::printf(" Size (na)                 = %d\n", c.na);
  std::printf(" Nonzeros per vector       = %d (matrix nonzeros %lld)\n", c.nonzer, nonzeros);
  std::printf(" Iterations                = %d (x %d CG steps)\n", c.niter, npb_cg::kCgSteps);
  std::printf(" Number of ranks           = %d (row blocks)\n\n", ranks);
  std::printf("   iteration           ||r||                 zeta\n");
  for (size_t i = 0; i < steps.size(); ++i)
    std::printf("    %5zu       %20.14e %20.13f\n", i + 1, steps[i].rnorm, steps[i].zeta);
  std::printf("\n Time in seconds           = %.4f\n", seconds);
  std::printf(" Mop/s total               = %.2f\n", mops);
  std::printf(" Verification              = %s\n", ok ? "SUCCESSFUL" : "UNSUCCESSFUL");
  std::printf("   zeta computed %.13e  reference %.13e  rel. error %.3e (tolerance %.0e)\n\n", steps.back().zeta,
              c.zeta_ref, err, npb_cg::kTolerance);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_cg", argc, argv);
  const std::string class_name = k.param("class", "S");
  const std::string perturb = k.option("perturb", "0");
  vcb::mpi::check_ranks(k, w);
  k.begin();
  const auto cls = npb_cg::find_class(class_name);
  if (!cls)
    k.usage_error("unknown class '" + class_name + "'; valid classes: " + npb_cg::kValidClasses);
  if (perturb != "0" && perturb != "1") k.usage_error("--perturb wants 0 or 1, got '" + perturb + "'");
  if (!power_of_two(w.size))
    k.usage_error("CG needs a power-of-two rank count (got " + std::to_string(w.size) + "); use 1, 2, 4, 8, ...");
  if (w.size > cls->na)
    k.usage_error("class " + class_name + " has only " + std::to_string(cls->na) + " rows; use fewer ranks");

  const npb_cg::Layout layout = npb_cg::make_layout(cls->na, w.size);
  const npb_cg::LocalMatrix a = npb_cg::make_matrix(cls->na, cls->nonzer, cls->shift, npb_cg::kRcond,
                                                    layout.block(w.rank), perturb == "1" ? 1 : 0);
  double nonzeros = static_cast<double>(a.col.size());
  npb_cg::sum_all(&nonzeros, 1);
  npb_cg::ConjGrad cg(a, layout, cls->na);
  std::vector<double> x(a.rows.count, 1.0), z(a.rows.count, 0.0);

  power_step(cg, cls->shift, x, z);  // untimed: touches every page and code path once
  std::fill(x.begin(), x.end(), 1.0);

  std::vector<Step> steps;
  MPI_Barrier(MPI_COMM_WORLD);
  const double t0 = MPI_Wtime();
  for (int it = 0; it < cls->niter; ++it) steps.push_back(power_step(cg, cls->shift, x, z));
  const double seconds = vcb::mpi::max_all(MPI_Wtime() - t0);

  const double zeta = steps.back().zeta;
  const double err = std::fabs(zeta - cls->zeta_ref) / cls->zeta_ref;
  const bool ok = vcb::mpi::all_true(err <= npb_cg::kTolerance);
  const double nz1 = static_cast<double>(cls->nonzer) * (cls->nonzer + 1);
  const double mops = 2.0 * cls->niter * cls->na * (3.0 + nz1 + npb_cg::kCgSteps * (5.0 + nz1) + 3.0) / seconds / 1e6;

  if (w.root()) {
    print_summary(*cls, w.size, static_cast<long long>(nonzeros), steps, seconds, mops, ok, err);
    char line[256];
    std::snprintf(line, sizeof line, "CG class %c: zeta %.13e vs %.13e (rel %.2e), tolerance %.0e: %s", cls->name,
                  zeta, cls->zeta_ref, err, npb_cg::kTolerance, ok ? "verified" : "NOT verified");
    nlohmann::json detail = {{"na", cls->na},
                             {"nonzer", cls->nonzer},
                             {"niter", cls->niter},
                             {"cg_steps", npb_cg::kCgSteps},
                             {"shift", cls->shift},
                             {"rcond", npb_cg::kRcond},
                             {"matrix_nonzeros", static_cast<long long>(nonzeros)},
                             {"distribution", "row blocks, MPI_Allgatherv of the search direction"},
                             {"zeta", zeta},
                             {"zeta_reference", cls->zeta_ref},
                             {"zeta_rel_error", err},
                             {"tolerance", npb_cg::kTolerance},
                             {"final_rnorm", steps.back().rnorm},
                             {"time_s", seconds},
                             {"perturbed", perturb == "1"}};
    k.emit({.metric = "mops", .unit = "Mop/s", .better = vcb::Better::higher,
            .series = vcb::mpi::single_run(k.plan(), seconds), .values = {mops}, .detail = detail, .passed = ok,
            .validation = line});
  }
  return vcb::mpi::finish(k, w, ok);
}
