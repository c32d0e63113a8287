#include "kronecker.h"

#include <algorithm>

namespace vcb::g500 {
namespace {

// The initiator as exact fractions of 10000, so the quadrant choice is pure integer arithmetic.
constexpr uint64_t kDenominator = 10000;
constexpr uint64_t kA = 5700, kB = 1900, kC = 1900;

// A uniform integer in [0, range) from 32 random bits (multiply-shift; bias below 2^-32 * range).
uint64_t below(uint32_t bits, uint64_t range) { return (uint64_t{bits} * range) >> 32; }

}  // namespace

KroneckerGenerator::KroneckerGenerator(const GraphSpec& spec, CounterRng seed)
    : spec_(spec),
      bits_(seed.split(kKroneckerBits)),
      labels_(spec.nvertices(), seed.split(kVertexLabels)),
      order_(spec.nedges(), seed.split(kEdgeOrder)) {}

Edge KroneckerGenerator::unlabelled(uint64_t index) const {
  uint64_t u = 0, v = 0;
  for (int level = 0; level < spec_.scale; ++level) {
    // One 64-bit draw per level: the high half picks the row bit, the low half the column bit,
    // conditioned on the row as in the spec's octave generator.
    const uint64_t r = bits_.at(index * static_cast<uint64_t>(spec_.scale) + level);
    const bool row = below(static_cast<uint32_t>(r >> 32), kDenominator) >= kA + kB;
    const bool col = row ? below(static_cast<uint32_t>(r), kDenominator - kA - kB) >= kC
                         : below(static_cast<uint32_t>(r), kA + kB) >= kA;
    u |= uint64_t{row} << level;
    v |= uint64_t{col} << level;
  }
  return {static_cast<int64_t>(u), static_cast<int64_t>(v)};
}

Edge KroneckerGenerator::at(uint64_t position) const {
  const Edge raw = unlabelled(order_(position));
  return {static_cast<int64_t>(labels_(static_cast<uint64_t>(raw.u))),
          static_cast<int64_t>(labels_(static_cast<uint64_t>(raw.v)))};
}

std::vector<Edge> KroneckerGenerator::slice(uint64_t begin, uint64_t end) const {
  std::vector<Edge> out;
  out.reserve(end - begin);
  for (uint64_t p = begin; p < end; ++p) out.push_back(at(p));
  return out;
}

EdgeRange edge_range(uint64_t nedges, int rank, int ranks) {
  const uint64_t r = static_cast<uint64_t>(rank), n = static_cast<uint64_t>(ranks);
  const uint64_t base = nedges / n, extra = nedges % n;
  const uint64_t begin = r * base + std::min(r, extra);
  return {begin, begin + base + (r < extra ? 1 : 0)};
}

uint64_t tuple_digest(uint64_t position, const Edge& e) {
  return mix64(mix64(position ^ 0xa0761d6478bd642fULL) ^ (mix64(static_cast<uint64_t>(e.u)) * 3) ^
               mix64(static_cast<uint64_t>(e.v) + 0xe7037ed1a0b428dbULL));
}

}  // namespace vcb::g500
