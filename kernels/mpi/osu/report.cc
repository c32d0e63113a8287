#include "report.h"

#include <cstdio>

#include "vcb/median.h"

namespace osu {
namespace {

const char* title(Op op) {
  switch (op) {
    case Op::latency: return "Latency Test";
    case Op::bw: return "Bandwidth Test";
    case Op::bibw: return "Bi-Directional Bandwidth Test";
    case Op::allreduce: return "Allreduce Latency Test";
    case Op::alltoall: return "All-to-All Latency Test";
    case Op::bcast: return "Broadcast Latency Test";
  }
  return "";
}

std::vector<double> values_of(Op op, const SizeResult& r) {
  std::vector<double> v;
  for (double s : r.seconds) v.push_back(osu_value(op, r.size, r.counts.iterations, s));
  return v;
}

std::string what_was_checked(Op op, std::size_t size, int ranks) {
  const std::string b = std::to_string(size) + " B";
  switch (op) {
    case Op::latency: return b + " ping-pong: ranks 0 and 1 received the peer's byte pattern and length";
    case Op::bw: return b + " x64 window: rank 1 received rank 0's byte pattern and 64 full-length messages";
    case Op::bibw: return b + " x64 both ways: each rank received the peer's byte pattern and 64 full-length messages";
    case Op::allreduce:
      return std::to_string(size / sizeof(float)) + "-float sum on " + std::to_string(ranks) +
             " ranks equals the exact expected sum on every rank";
    case Op::alltoall:
      return b + " per peer on " + std::to_string(ranks) + " ranks: every block came from the right peer";
    case Op::bcast: return b + " from rank 0 on " + std::to_string(ranks) + " ranks: every rank holds the root's pattern";
  }
  return "";
}

}  // namespace

double osu_value(Op op, std::size_t size, int64_t iterations, double seconds) {
  const double n = static_cast<double>(iterations);
  switch (op) {
    case Op::latency: return seconds * 1e6 / (2.0 * n);
    case Op::bw: return static_cast<double>(size) / 1e6 * n * kWindow / seconds;
    case Op::bibw: return static_cast<double>(size) / 1e6 * n * kWindow * 2 / seconds;
    default: return seconds * 1e6 / n;
  }
}

void print_header(Op op, int ranks, int samples) {
  std::printf("# OSU-style MPI %s (vcbench vcb-osu, %d ranks)\n", title(op), ranks);
  std::printf("# each size: median of %d repetitions of the OSU loop\n", samples);
  if (op == Op::latency) std::printf("# Size          Latency (us)\n");
  else if (is_pt2pt(op)) std::printf("# Size      Bandwidth (MB/s)\n");
  else std::printf("# Size       Avg Latency(us)   Min Latency(us)   Max Latency(us)  Iterations\n");
  std::fflush(stdout);
}

void print_line(Op op, const SizeResult& r) {
  std::printf("%-10zu%18.2f", r.size, vcb::median(values_of(op, r)));
  if (!is_pt2pt(op))
    std::printf("%18.2f%18.2f%12lld", vcb::median(r.min_us), vcb::median(r.max_us),
                static_cast<long long>(r.counts.iterations));
  std::printf("%s\n", r.passed ? "" : "   DATA CHECK FAILED");
  std::fflush(stdout);
}

void print_footer(int sizes, int failed) {
  if (failed == 0) std::printf("# Data check: passed on every rank for all %d sizes\n", sizes);
  else std::printf("# Data check: FAILED for %d of %d sizes\n", failed, sizes);
  std::fflush(stdout);
}

vcb::Measurement measurement(Op op, const SizeResult& r, int ranks, int warmup) {
  const bool latency_like = op == Op::latency || !is_pt2pt(op);
  vcb::Series series;
  series.iterations = r.counts.iterations;
  series.calibrated_here = r.counts_from_kernel;
  series.seconds = r.seconds;

  nlohmann::json detail = {{"iterations", r.counts.iterations}, {"skip", r.counts.skip},
                           {"repetitions_discarded", warmup}, {"mismatches", r.bad},
                           {"iteration_source", r.counts_from_kernel ? "osu_constants" : "--iters"}};
  if (op == Op::bw || op == Op::bibw) detail["window_size"] = kWindow;
  if (!is_pt2pt(op)) {
    detail["min_us"] = r.min_us;
    detail["max_us"] = r.max_us;
    detail["ranks"] = ranks;
  }
  std::string validation = what_was_checked(op, r.size, ranks);
  validation += r.passed ? " (every repetition)"
                         : ": FAILED, " + std::to_string(r.bad) + " mismatched bytes/elements/lengths over all ranks";

  return {.point = std::to_string(r.size),
          .params = {{"op", op_name(op)}, {"size_bytes", r.size}},
          .metric = latency_like ? "latency" : "bandwidth",
          .unit = latency_like ? "us" : "MB/s",
          .better = latency_like ? vcb::Better::lower : vcb::Better::higher,
          .series = series,
          .values = values_of(op, r),
          .detail = detail,
          .passed = r.passed,
          .validation = validation};
}

}  // namespace osu
