#include "method.h"

namespace osu {
namespace {

struct OpInfo {
  Op op;
  const char* name;
};
constexpr OpInfo kOps[] = {{Op::latency, "latency"},     {Op::bw, "bw"},
                           {Op::bibw, "bibw"},           {Op::allreduce, "allreduce"},
                           {Op::alltoall, "alltoall"},   {Op::bcast, "bcast"}};

// OSU's loop constants: {small iterations, small skip, large iterations, large skip}.
struct LoopConstants {
  int64_t small_iters, small_skip, large_iters, large_skip;
};
constexpr LoopConstants kLatency{10000, 100, 1000, 10};
constexpr LoopConstants kBandwidth{100, 10, 20, 2};
constexpr LoopConstants kCollective{1000, 100, 100, 10};

}  // namespace

std::optional<Op> parse_op(const std::string& name) {
  for (const auto& o : kOps)
    if (name == o.name) return o.op;
  return std::nullopt;
}

const char* op_name(Op op) {
  for (const auto& o : kOps)
    if (o.op == op) return o.name;
  return "?";
}

bool is_pt2pt(Op op) { return op == Op::latency || op == Op::bw || op == Op::bibw; }

SizeRange default_range(Op op) {
  switch (op) {
    case Op::latency: return {0, 1 << 22};
    case Op::bw:
    case Op::bibw: return {1, 1 << 22};
    case Op::allreduce: return {4, 1 << 20};  // one float is the smallest reduction
    default: return {1, 1 << 20};
  }
}

std::vector<std::size_t> ladder(std::size_t min, std::size_t max) {
  std::vector<std::size_t> sizes;
  for (std::size_t s = min; s <= max; s = s ? s * 2 : 1) sizes.push_back(s);
  return sizes;
}

Counts osu_counts(Op op, std::size_t size) {
  const LoopConstants& c = op == Op::latency ? kLatency : is_pt2pt(op) ? kBandwidth : kCollective;
  return size > kLargeMessage ? Counts{c.large_iters, c.large_skip} : Counts{c.small_iters, c.small_skip};
}

std::size_t buffer_bytes(Op op, std::size_t max_size, int ranks) {
  return op == Op::alltoall ? max_size * static_cast<std::size_t>(ranks) : max_size;
}

}  // namespace osu
