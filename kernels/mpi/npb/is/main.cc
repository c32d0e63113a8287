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

namespace {

bool power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

std::string list(const std::array<int64_t, npb_is::kTestKeys>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

}  // namespace

int main(int argc, char** argv) {
  vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_is", argc, argv);
  const std::string class_name = k.param("class", "S");
  const std::string perturb = k.option("perturb", "0");
  vcb::mpi::check_ranks(k, w);
  k.begin();
  const auto cls = npb_is::find_class(class_name);
  if (!cls)
    k.usage_error("unknown class '" + class_name + "'; valid classes: " + npb_is::kValidClasses);
  if (perturb != "0" && perturb != "1") k.usage_error("--perturb wants 0 or 1, got '" + perturb + "'");
  if (!power_of_two(w.size))
    k.usage_error("IS needs a power-of-two rank count (got " + std::to_string(w.size) + "); use 1, 2, 4, 8, ...");
  if (w.size > cls->max_ranks)
    k.usage_error("IS class " + class_name + " allows at most " + std::to_string(cls->max_ranks) + " ranks (got " +
                  std::to_string(w.size) + ")");

  npb_is::KeyRanking ranking(*cls, w.rank, w.size, perturb == "1" ? 1 : 0);
  ranking.rank_keys(1);  // untimed: touches every page and code path once

  int partial_passed = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  const double t0 = MPI_Wtime();
  for (int it = 1; it <= npb_is::kIterations; ++it) partial_passed += ranking.rank_keys(it);
  const double seconds = vcb::mpi::max_all(MPI_Wtime() - t0);

  const bool sorted_here = ranking.full_verify();
  // Each test key is checked by exactly one rank per pass, so the sums say it all.
  int counts[2] = {partial_passed, sorted_here ? 1 : 0};
  MPI_Allreduce(MPI_IN_PLACE, counts, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  std::array<int64_t, npb_is::kTestKeys> computed = ranking.computed_ranks(), expected{};
  MPI_Allreduce(MPI_IN_PLACE, computed.data(), npb_is::kTestKeys, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
  for (int i = 0; i < npb_is::kTestKeys; ++i) expected[i] = npb_is::expected_rank(*cls, i, npb_is::kIterations);
  const int partial_needed = npb_is::kTestKeys * npb_is::kIterations;
  const bool ok = vcb::mpi::all_true(counts[0] == partial_needed && counts[1] == w.size);

  const double total_keys = static_cast<double>(int64_t{1} << cls->total_keys_log2);
  const double mops = npb_is::kIterations * total_keys / seconds / 1e6;
  if (w.root()) {
    std::printf("\n NAS-style IS benchmark (vcbench)\n\n");
    std::printf(" Class                     = %c\n", cls->name);
    std::printf(" Size (keys)               = %.0f (2^%d), key range 2^%d, %d buckets\n", total_keys,
                cls->total_keys_log2, cls->max_key_log2, 1 << cls->buckets_log2);
    std::printf(" Iterations                = %d\n", npb_is::kIterations);
    std::printf(" Number of ranks           = %d\n", w.size);
    std::printf(" Time in seconds           = %.4f\n", seconds);
    std::printf(" Mop/s total               = %.2f\n", mops);
    std::printf(" Verification              = %s\n", ok ? "SUCCESSFUL" : "UNSUCCESSFUL");
    std::printf("   partial: %d of %d test-key ranks matched; last pass ranks %s, reference %s\n", counts[0],
                partial_needed, list(computed).c_str(), list(expected).c_str());
    std::printf("   full sort check passed on %d of %d ranks\n\n", counts[1], w.size);
    std::fflush(stdout);

    const std::string line = std::string("IS class ") + cls->name + ": " + std::to_string(counts[0]) + "/" +
                             std::to_string(partial_needed) + " test-key ranks matched (last pass " +
                             list(computed) + " vs " + list(expected) + "), sorted on " +
                             std::to_string(counts[1]) + "/" + std::to_string(w.size) + " ranks: " +
                             (ok ? "verified" : "NOT verified");
    nlohmann::json detail = {{"total_keys", total_keys},
                             {"max_key", 1 << cls->max_key_log2},
                             {"buckets", 1 << cls->buckets_log2},
                             {"iterations", npb_is::kIterations},
                             {"test_index", cls->test_index},
                             {"test_key_values", ranking.test_key_values()},
                             {"test_ranks_last_pass", computed},
                             {"test_ranks_reference_last_pass", expected},
                             {"partial_checks_passed", counts[0]},
                             {"partial_checks_needed", partial_needed},
                             {"full_verify_ranks_passed", counts[1]},
                             {"tolerance", 0},
                             {"time_s", seconds},
                             {"perturbed", perturb == "1"}};
    k.emit({.metric = "mops", .unit = "Mop/s", .better = vcb::Better::higher,
            .series = vcb::mpi::single_run(k.plan(), seconds), .values = {mops}, .detail = detail, .passed = ok,
            .validation = line});
  }
  return vcb::mpi::finish(k, w, ok);
}
