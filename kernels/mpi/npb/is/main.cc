// vcb-npb_is: NAS Parallel Benchmarks' IS kernel (integer sort) under MPI.
//   mpirun -np N vcb-npb_is [--class S|W|A|B|C] [--perturb 0|1]        (N a power of two)
// Ranks 2^k keys (roughly Gaussian, from the NPB generator) 10 times with a distributed bucket
// sort (see key_ranking.h), after one untimed pass, as NPB. Verification as NPB: in each timed
// pass the ranks of 5 test keys must equal the official ones shifted per class (50 checks), and
// afterwards the keys sorted by the last ranking must be in order on and across ranks.
// Mop/s = 10 * total keys / t / 1e6 (keys ranked per second), t = the slowest rank's time.
// --perturb 1 draws the keys one random number late, so the test-key ranks no longer match.
#include <mpi.h>

#include <cstdio>
#include <string>
#include <vector>

#include "is_classes.h"
#include "key_ranking.h"
#include "vcb/mpi_world.h"
#include "vcb/npb/flags.h"
#include "vcb/npb/rank_counts.h"
#include "vcb/npb/record.h"
#include "vcb/npb/stopwatch.h"
#include "vcb/npb/summary.h"

namespace {

std::string list(const std::array<int64_t, npb_is::kTestKeys>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

}  // namespace

int main(int argc, char** argv) {
  const vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_is", argc, argv);
  const auto [cls, perturbed] = vcb::npb::begin(k, w, npb_is::kClasses);
  vcb::npb::require_power_of_two(k, w.size, "IS", cls.max_ranks,
                                 std::string("IS class ") + cls.name + " allows at most " +
                                     std::to_string(cls.max_ranks) + " ranks (got " + std::to_string(w.size) + ")");

  npb_is::KeyRanking ranking(cls, w.rank, w.size, perturbed ? 1 : 0);
  ranking.rank_keys(1);  // untimed: touches every page and code path once

  int partial_passed = 0;
  const vcb::npb::Stopwatch clock;
  for (int it = 1; it <= npb_is::kIterations; ++it) partial_passed += ranking.rank_keys(it);
  const double seconds = clock.seconds();

  const bool sorted_here = ranking.full_verify();
  // Each test key is checked by exactly one rank per pass, so the sums say it all.
  int counts[2] = {partial_passed, sorted_here ? 1 : 0};
  MPI_Allreduce(MPI_IN_PLACE, counts, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  std::array<int64_t, npb_is::kTestKeys> computed = ranking.computed_ranks(), expected{};
  MPI_Allreduce(MPI_IN_PLACE, computed.data(), npb_is::kTestKeys, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
  for (int i = 0; i < npb_is::kTestKeys; ++i) expected[i] = npb_is::expected_rank(cls, i, npb_is::kIterations);
  const int partial_needed = npb_is::kTestKeys * npb_is::kIterations;
  const bool ok = vcb::mpi::all_true(counts[0] == partial_needed && counts[1] == w.size);

  const double total_keys = static_cast<double>(int64_t{1} << cls.total_keys_log2);
  const vcb::npb::Outcome outcome{seconds, npb_is::kIterations * total_keys / seconds / 1e6, ok};
  if (w.root()) {
    vcb::npb::print_heading("IS");
    vcb::npb::print_row("Class", "%c", cls.name);
    vcb::npb::print_row("Size (keys)", "%.0f (2^%d), key range 2^%d, %d buckets", total_keys, cls.total_keys_log2,
                        cls.max_key_log2, 1 << cls.buckets_log2);
    vcb::npb::print_row("Iterations", "%d", npb_is::kIterations);
    vcb::npb::print_row("Number of ranks", "%d", w.size);
    vcb::npb::print_outcome(outcome);
    std::printf("   partial: %d of %d test-key ranks matched; last pass ranks %s, reference %s\n", counts[0],
                partial_needed, list(computed).c_str(), list(expected).c_str());
    std::printf("   full sort check passed on %d of %d ranks\n\n", counts[1], w.size);

    const std::string line = std::string("IS class ") + cls.name + ": " + std::to_string(counts[0]) + "/" +
                             std::to_string(partial_needed) + " test-key ranks matched (last pass " +
                             list(computed) + " vs " + list(expected) + "), sorted on " +
                             std::to_string(counts[1]) + "/" + std::to_string(w.size) + " ranks: " +
                             (ok ? "verified" : "NOT verified");
    const nlohmann::json detail = {{"total_keys", total_keys},
                                   {"max_key", 1 << cls.max_key_log2},
                                   {"buckets", 1 << cls.buckets_log2},
                                   {"iterations", npb_is::kIterations},
                                   {"test_index", cls.test_index},
                                   {"test_key_values", ranking.test_key_values()},
                                   {"test_ranks_last_pass", computed},
                                   {"test_ranks_reference_last_pass", expected},
                                   {"partial_checks_passed", counts[0]},
                                   {"partial_checks_needed", partial_needed},
                                   {"full_verify_ranks_passed", counts[1]},
                                   {"tolerance", 0},
                                   {"perturbed", perturbed}};
    vcb::npb::emit_mops(k, outcome, detail, line);
  }
  return vcb::mpi::finish(k, w, ok);
}
