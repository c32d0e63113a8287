#pragma once
// The BFS roots: vertices taken in a fixed pseudo-random order (a keyed permutation of [0, 2^scale),
// hence distinct) and kept when their degree without self-loops is at least one, as the spec asks.
// The order depends only on the benchmark seed, so the same roots are chosen for any rank count.
#include <cstdint>
#include <vector>

#include "counter_rng.h"
#include "csr_graph.h"

namespace vcb::g500 {

// Collective. Returns up to `count` roots (fewer only when the graph has fewer non-isolated vertices).
std::vector<int64_t> choose_search_keys(const CsrGraph& g, int scale, CounterRng rng, int64_t count);

}  // namespace vcb::g500
