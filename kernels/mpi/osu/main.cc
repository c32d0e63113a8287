// vcb-osu: OSU Micro-Benchmarks-style MPI messaging tests with osu_*'s size ladder, loop counts
// and formulas, so its numbers compare directly with osu_latency, osu_bw, osu_bibw,
// osu_allreduce, osu_alltoall and osu_bcast.
//   mpirun -np 2 vcb-osu [--op latency|bw|bibw|allreduce|alltoall|bcast] [--min-size B] [--max-size B]
//                        [--ranks N] [--iters N|size=N,...] [--samples K] [--warmup W] [--perturb 1]
// One record per message size (point = the size): the whole OSU loop for that size is repeated
// --samples times (after --warmup discarded repetitions), each repetition one value. --iters
// replaces OSU's iteration counts (not its skip counts); --perturb corrupts the data rank 0 sends,
// to show the data check fails.
#include <cstddef>
#include <string>

#include "collectives.h"
#include "method.h"
#include "pt2pt.h"
#include "report.h"
#include "vcb/mpi_world.h"

namespace {

osu::Sample run_sample(osu::Op op, osu::Endpoint& e, std::size_t size, osu::Counts c) {
  switch (op) {
    case osu::Op::latency: return osu::latency_sample(e, size, c);
    case osu::Op::bw: return osu::bw_sample(e, size, c);
    case osu::Op::bibw: return osu::bibw_sample(e, size, c);
    case osu::Op::allreduce: return osu::allreduce_sample(e, size, c);
    case osu::Op::alltoall: return osu::alltoall_sample(e, size, c);
    case osu::Op::bcast: return osu::bcast_sample(e, size, c);
  }
  return {};
}

void check_usage(vcb::Kernel& k, osu::Op op, int ranks, long long min, long long max) {
  const std::string name = osu::op_name(op);
  if (osu::is_pt2pt(op) && ranks != 2)
    k.usage_error("--op " + name + " needs exactly 2 ranks, the job has " + std::to_string(ranks) +
                  ": launch it with mpirun -np 2");
  if (!osu::is_pt2pt(op) && ranks < 2)
    k.usage_error("--op " + name + " needs at least 2 ranks: launch it with mpirun -np 2 or more");
  if (min < 0 || max < min)
    k.usage_error("--min-size and --max-size want 0 <= min <= max bytes, got " + std::to_string(min) + ".." +
                  std::to_string(max));
  if (min == 0 && op != osu::Op::latency)
    k.usage_error("--op " + name + " cannot send 0-byte messages: use --min-size 1 or more");
  if (op == osu::Op::allreduce && min % 4 != 0)
    k.usage_error("--op allreduce sums floats: --min-size must be a multiple of 4 bytes");
  // The first test keeps the product in buffer_bytes from overflowing.
  if (static_cast<std::size_t>(max) > osu::kMemLimit ||
      2 * osu::buffer_bytes(op, static_cast<std::size_t>(max), ranks) > osu::kMemLimit)
    k.usage_error("--max-size " + std::to_string(max) + " needs more than OSU's 512 MiB of buffers per rank: lower it");
}

}  // namespace

int main(int argc, char** argv) {
  auto w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("osu", argc, argv);
  const std::string op_flag = k.param("op", "latency");
  const auto parsed = osu::parse_op(op_flag);
  if (!parsed) k.usage_error("unknown --op '" + op_flag + "': use latency, bw, bibw, allreduce, alltoall or bcast");
  const osu::Op op = *parsed;
  const osu::SizeRange range = osu::default_range(op);
  const long long min_size = k.param_int("min-size", range.min);
  const long long max_size = k.param_int("max-size", range.max);
  const std::string perturb_flag = k.option("perturb", "0");
  vcb::mpi::check_ranks(k, w);
  k.begin();
  check_usage(k, op, w.size, min_size, max_size);
  const bool perturb = perturb_flag != "0";

  const std::size_t buffer_bytes = osu::buffer_bytes(op, static_cast<std::size_t>(max_size), w.size);
  osu::Buffer send(buffer_bytes), recv(buffer_bytes);
  osu::Endpoint e{send, recv, w.rank, w.size, perturb};
  const vcb::Plan& plan = k.plan();
  if (w.root()) osu::print_header(op, w.size, plan.samples);

  const auto sizes = osu::ladder(static_cast<std::size_t>(min_size), static_cast<std::size_t>(max_size));
  bool all_passed = true;
  int failed_sizes = 0;
  for (const std::size_t size : sizes) {
    osu::SizeResult r;
    r.size = size;
    r.counts = osu::osu_counts(op, size);
    if (const int64_t given = plan.iterations_for(std::to_string(size)); given > 0) {
      r.counts.iterations = given;
      r.counts_from_kernel = false;
    }
    long bad = 0;
    for (int rep = 0; rep < plan.warmup + plan.samples; ++rep) {
      const osu::Sample s = run_sample(op, e, size, r.counts);
      bad += s.bad;  // discarded repetitions are checked too
      if (rep < plan.warmup) continue;
      r.seconds.push_back(s.seconds);
      if (osu::is_pt2pt(op)) continue;
      r.min_us.push_back(s.min_us);
      r.max_us.push_back(s.max_us);
    }
    r.passed = vcb::mpi::all_true(bad == 0);
    r.bad = static_cast<long>(vcb::mpi::sum_all(static_cast<double>(bad)));
    all_passed = all_passed && r.passed;
    failed_sizes += !r.passed;
    if (w.root()) {
      osu::print_line(op, r);
      k.emit(osu::measurement(op, r, w.size, plan.warmup));
    }
  }
  if (w.root()) osu::print_footer(static_cast<int>(sizes.size()), failed_sizes);
  return vcb::mpi::finish(k, w, all_passed);
}
