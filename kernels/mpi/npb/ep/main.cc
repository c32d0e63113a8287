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
#include "vcb/npb/flags.h"
#include "vcb/npb/record.h"
#include "vcb/npb/stopwatch.h"
#include "vcb/npb/summary.h"
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

void print_summary(const npb_ep::EpClass& c, int ranks, int64_t batches, const npb_ep::Tally& t,
                   const vcb::npb::Outcome& o, double sx_err, double sy_err) {
  int64_t pairs_accepted = 0;
  std::string counts;
  for (int64_t n : t.counts) {
    pairs_accepted += n;
    counts += (counts.empty() ? "" : " ") + std::to_string(n);
  }
  vcb::npb::print_heading("EP");
  vcb::npb::print_row("Class", "%c", c.name);
  vcb::npb::print_row("Random numbers generated", "%.0f (2^%d)", std::ldexp(1.0, c.m + 1), c.m + 1);
  vcb::npb::print_row("Batches", "%lld of 2^%d pairs", static_cast<long long>(batches), npb_ep::kBatchLog2);
  vcb::npb::print_row("Number of ranks", "%d", ranks);
  vcb::npb::print_row("Gaussian pairs accepted", "%lld", static_cast<long long>(pairs_accepted));
  vcb::npb::print_row("Counts per annulus", "%s", counts.c_str());
  vcb::npb::print_outcome(o);
  std::printf("   sx computed %.15e  reference %.15e  rel. error %.3e (tolerance %.0e)\n", t.sx, c.sx_ref, sx_err,
              npb_ep::kTolerance);
  std::printf("   sy computed %.15e  reference %.15e  rel. error %.3e (tolerance %.0e)\n\n", t.sy, c.sy_ref, sy_err,
              npb_ep::kTolerance);
}

}  // namespace

int main(int argc, char** argv) {
  const vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_ep", argc, argv);
  const auto [cls, perturbed] = vcb::npb::begin(k, w, npb_ep::kClasses);
  const int64_t batches = int64_t{1} << (cls.m - npb_ep::kBatchLog2);
  if (w.size > batches)
    k.usage_error(std::string("class ") + cls.name + " has only " + std::to_string(batches) +
                  " batches; use at most that many ranks");

  double seed = vcb::npb::kSeedEP;
  if (perturbed) vcb::npb::randlc(seed, vcb::npb::kMultiplier);
  const Split mine = my_batches(batches, w.rank, w.size);

  const vcb::npb::Stopwatch clock;
  const npb_ep::Tally local = npb_ep::tally_batches(mine.first, mine.count, seed);
  npb_ep::Tally total;
  const double sums[2] = {local.sx, local.sy};
  double reduced[2] = {0.0, 0.0};
  MPI_Allreduce(sums, reduced, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(local.counts.data(), total.counts.data(), npb_ep::kAnnuli, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  total.sx = reduced[0];
  total.sy = reduced[1];
  const double seconds = clock.seconds();

  const double sx_err = relative_error(total.sx, cls.sx_ref);
  const double sy_err = relative_error(total.sy, cls.sy_ref);
  const bool ok = vcb::mpi::all_true(sx_err <= npb_ep::kTolerance && sy_err <= npb_ep::kTolerance);
  const double randoms = std::ldexp(1.0, cls.m + 1);
  const vcb::npb::Outcome outcome{seconds, randoms / seconds / 1e6, ok};

  if (w.root()) {
    print_summary(cls, w.size, batches, total, outcome, sx_err, sy_err);
    char line[320];
    std::snprintf(line, sizeof line,
                  "EP class %c: sx %.15e vs %.15e (rel %.2e), sy %.15e vs %.15e (rel %.2e), tolerance %.0e: %s",
                  cls.name, total.sx, cls.sx_ref, sx_err, total.sy, cls.sy_ref, sy_err, npb_ep::kTolerance,
                  ok ? "verified" : "NOT verified");
    const nlohmann::json detail = {{"m", cls.m},
                                   {"randoms", randoms},
                                   {"batches", batches},
                                   {"pairs_per_batch", int64_t{1} << npb_ep::kBatchLog2},
                                   {"sx", total.sx},
                                   {"sy", total.sy},
                                   {"sx_reference", cls.sx_ref},
                                   {"sy_reference", cls.sy_ref},
                                   {"sx_rel_error", sx_err},
                                   {"sy_rel_error", sy_err},
                                   {"tolerance", npb_ep::kTolerance},
                                   {"annulus_counts", total.counts},
                                   {"perturbed", perturbed}};
    vcb::npb::emit_mops(k, outcome, detail, line);
  }
  return vcb::mpi::finish(k, w, ok);
}
