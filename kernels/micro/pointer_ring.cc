#include "pointer_ring.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace vcb::micro {
namespace {

constexpr size_t kib = 1024;

// splitmix64: tiny, well mixed, and identical everywhere (std::shuffle's distribution is not).
class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, bound): the modulo bias is below 2^-32 for any bound we use.
  size_t below(size_t bound) { return static_cast<size_t>(next() % bound); }

 private:
  uint64_t state_;
};

std::vector<uint32_t> shuffled_iota(size_t n, SplitMix& rng) {
  std::vector<uint32_t> v(n);
  std::iota(v.begin(), v.end(), 0u);
  for (size_t i = n; i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);  // Fisher-Yates
  return v;
}

std::vector<uint32_t> random_order(size_t elements, size_t per_page, uint64_t seed) {
  SplitMix rng(seed);
  const size_t pages = (elements + per_page - 1) / per_page;
  const size_t slots = std::min(per_page, elements);
  const std::vector<uint32_t> page_order = shuffled_iota(pages, rng);
  const std::vector<uint32_t> slot_order = shuffled_iota(slots, rng);
  std::vector<uint32_t> order;
  order.reserve(elements);
  for (size_t r = 0; r < slots; ++r)
    for (size_t j = 0; j < pages; ++j) {
      const size_t e = page_order[j] * per_page + slot_order[(r + j) % slots];
      if (e < elements) order.push_back(static_cast<uint32_t>(e));
    }
  return order;
}

void push_upto(std::vector<size_t>& out, size_t size, size_t max_bytes) {
  if (size <= max_bytes) out.push_back(size);
}

}  // namespace

std::vector<size_t> ladder_sizes(Ladder ladder, size_t max_bytes) {
  std::vector<size_t> out;
  if (ladder == Ladder::coarse) {
    for (size_t b = 512; b <= max_bytes; b *= 2) {
      out.push_back(b);
      push_upto(out, b + b / 2, max_bytes);
    }
    return out;
  }
  push_upto(out, 512, max_bytes);
  for (size_t s = 1 * kib; s <= 4 * kib; s += kib) push_upto(out, s, max_bytes);
  for (size_t s = 6 * kib; s <= 32 * kib; s += 2 * kib) push_upto(out, s, max_bytes);
  for (size_t base = 32 * kib; base < max_bytes; base *= 2)
    for (size_t s = base + base / 8; s <= 2 * base; s += base / 8) push_upto(out, s, max_bytes);
  return out;
}

std::vector<uint32_t> ring_order(size_t elements, size_t elements_per_page, RingPattern pattern,
                                 uint64_t seed) {
  if (elements == 0) return {};
  if (pattern == RingPattern::random && elements_per_page > 0)
    return random_order(elements, elements_per_page, seed);
  std::vector<uint32_t> order(elements);
  std::iota(order.begin(), order.end(), 0u);
  return order;
}

std::vector<uint32_t> ring_successors(const std::vector<uint32_t>& order) {
  std::vector<uint32_t> next(order.size(), 0);
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i] >= order.size()) return {};  // not a permutation of 0..n-1: no ring to build
    next[order[i]] = order[(i + 1) % order.size()];
  }
  return next;
}

size_t cycle_length(const std::vector<uint32_t>& next, uint32_t start) {
  if (start >= next.size()) return 0;
  uint32_t at = start;
  for (size_t steps = 1; steps <= next.size(); ++steps) {
    at = next[at];
    if (at >= next.size()) return 0;
    if (at == start) return steps;
  }
  return 0;
}

bool parse_pattern(const std::string& text, RingPattern& out) {
  if (text == "sequential") out = RingPattern::sequential;
  else if (text == "random") out = RingPattern::random;
  else return false;
  return true;
}

bool parse_ladder(const std::string& text, Ladder& out) {
  if (text == "lmbench") out = Ladder::lmbench;
  else if (text == "coarse") out = Ladder::coarse;
  else return false;
  return true;
}

}  // namespace vcb::micro
