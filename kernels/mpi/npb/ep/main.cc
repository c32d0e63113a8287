// vcb-npb_ep: NAS Parallel Benchmarks' EP kernel ("embarrassingly parallel") under MPI.
//   mpirun -np N vcb-npb_ep [--class S|W|A|B|C] [--perturb 0|1]
// 2^(m+1) uniform randoms from the NPB generator become Gaussian pairs; the 2^(m-16) batches are
// split into contiguous ranges over the ranks (any rank count up to the batch count), and the
// sums and annulus counts are combined with MPI_Allreduce. Verification: the sums of X and Y
// against NPB's official values (relative 1e-8). Mop/s = 2^(m+1) / t / 1e6 (randoms per second),
// t = the slowest rank's wall time from a common barrier to the reduced result.
// --perturb 1 starts the stream one number late, so every pair changes and verification must fail.
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "ep_classes.h"
#include "gaussian_pairs.h"
#include "vcb/mpi_world.h"
#include "vcb/npb_random.h"

namespace {

struct Split {
  int64_t first;
  int64_t count;
};

// Contiguous batch ranges; the first (batches % ranks) ranks take one extra batch.
Split my_batches(int64_t batches, int rank, int ranks) {
  const int64_t base = batches / ranks, extra = batches % ranks;
  return {rank * base + std::min<int64_t>(rank, extra), base + (rank < extra ? 1 : 0)};
}

double relative_error(double value, double reference) { return std::fabs((value - reference) / reference); }

void print_summary(const npb_ep::EpClass& c, int ranks, int64_t batches, const npb_ep::Tally& t, double seconds,
                   double mops, bool ok, double sx_err, double sy_err) {
  int64_t pairs_accepted = 0;
  for (int64_t n : t.counts) pairs_accepted += n;
  std::printf("\n NAS-style EP benchmark (vcbench)\n\n");
  std::printf(" Class                     = %c\n", c.name);
  std::printf(" Random numbers generated  = %.0f (2^%d)\n", std::ldexp(1.0, c.m + 1), c.m + 1);
  std::printf(" Batches                   = %lld of 2^%d pairs\n", static_cast<long long>(batches),
              npb_ep::kBatchLog2);
  std::printf(" Number of ranks           = %d\n", ranks);
  std::printf(" Gaussian pairs accepted   = %lld\n", static_cast<long long>(pairs_accepted));
  std::printf(" Counts per annulus        =");
  for (int64_t n : t.counts) std::printf(" %lld", static_cast<long long>(n));
  std::printf("\n Time in seconds           = %.4f\n", seconds);
  std::printf(" Mop/s total               = %.2f\n", mops);
  std::printf(" Verification              = %s\n", ok ? "SUCCESSFUL" : "UNSUCCESSFUL");
  std::printf("   sx computed %.15e  reference %.15e  rel. error %.3e (tolerance %.0e)\n", t.sx, c.sx_ref, sx_err,
              npb_ep::kTolerance);
  std::printf("   sy computed %.15e  reference %.15e  rel. error %.3e (tolerance %.0e)\n\n", t.sy, c.sy_ref, sy_err,
              npb_ep::kTolerance);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_ep", argc, argv);
  const std::string class_name = k.param("class", "S");
  const std::string perturb = k.option("perturb", "0");
  vcb::mpi::check_ranks(k, w);
  k.begin();
  const auto cls = npb_ep::find_class(class_name);
  if (!cls)
    k.usage_error("unknown class '" + class_name + "'; valid classes: " + npb_ep::kValidClasses);
  if (perturb != "0" && perturb != "1") k.usage_error("--perturb wants 0 or 1, got '" + perturb + "'");
  const int64_t batches = int64_t{1} << (cls->m - npb_ep::kBatchLog2);
  if (w.size > batches)
    k.usage_error("class " + class_name + " has only " + std::to_string(batches) +
                  " batches; use at most that many ranks");

  double seed = vcb::npb::kSeedEP;
  if (perturb == "1") vcb::npb::randlc(seed, vcb::npb::kMultiplier);
  const Split mine = my_batches(batches, w.rank, w.size);

  MPI_Barrier(MPI_COMM_WORLD);
  const double t0 = MPI_Wtime();
  const npb_ep::Tally local = npb_ep::tally_batches(mine.first, mine.count, seed);
  npb_ep::Tally total;
  const double sums[2] = {local.sx, local.sy};
  double reduced[2] = {0.0, 0.0};
  MPI_Allreduce(sums, reduced, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(local.counts.data(), total.counts.data(), npb_ep::kAnnuli, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  total.sx = reduced[0];
  total.sy = reduced[1];
  const double seconds = vcb::mpi::max_all(MPI_Wtime() - t0);

  const double sx_err = relative_error(total.sx, cls->sx_ref);
  const double sy_err = relative_error(total.sy, cls->sy_ref);
  const bool ok = vcb::mpi::all_true(sx_err <= npb_ep::kTolerance && sy_err <= npb_ep::kTolerance);
  const double randoms = std::ldexp(1.0, cls->m + 1);
  const double mops = randoms / seconds / 1e6;

  if (w.root()) {
    print_summary(*cls, w.size, batches, total, seconds, mops, ok, sx_err, sy_err);
    char line[320];
    std::snprintf(line, sizeof line,
                  "EP class %c: sx %.15e vs %.15e (rel %.2e), sy %.15e vs %.15e (rel %.2e), tolerance %.0e: %s",
                  cls->name, total.sx, cls->sx_ref, sx_err, total.sy, cls->sy_ref, sy_err, npb_ep::kTolerance,
                  ok ? "verified" : "NOT verified");
    nlohmann::json detail = {{"m", cls->m},
                             {"randoms", randoms},
                             {"batches", batches},
                             {"pairs_per_batch", int64_t{1} << npb_ep::kBatchLog2},
                             {"sx", total.sx},
                             {"sy", total.sy},
                             {"sx_reference", cls->sx_ref},
                             {"sy_reference", cls->sy_ref},
                             {"sx_rel_error", sx_err},
                             {"sy_rel_error", sy_err},
                             {"tolerance", npb_ep::kTolerance},
                             {"annulus_counts", total.counts},
                             {"time_s", seconds},
                             {"perturbed", perturb == "1"}};
    k.emit({.metric = "mops", .unit = "Mop/s", .better = vcb::Better::higher,
            .series = vcb::mpi::single_run(k.plan(), seconds), .values = {mops}, .detail = detail, .passed = ok,
            .validation = line});
  }
  return vcb::mpi::finish(k, w, ok);
}
