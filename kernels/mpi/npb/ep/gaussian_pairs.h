#pragma once
// EP's work unit: a batch of 2^16 pairs of uniform randoms, turned into Gaussian deviates by the
// Marsaglia polar method and tallied into sums and square annuli. Batch b starts at position
// b * 2^17 of one global random stream, so any split of batches over ranks sees the same numbers.
#include <array>
#include <cstdint>

namespace npb_ep {

inline constexpr int kBatchLog2 = 16;  // NPB's mk: pairs per batch = 2^16
inline constexpr int kAnnuli = 10;     // NPB's nq

struct Tally {
  double sx = 0.0;
  double sy = 0.0;
  std::array<int64_t, kAnnuli> counts{};  // accepted pairs per annulus max(|X|,|Y|) in [l, l+1)
};

// Tallies batches [first, first + count) of the stream that starts after `seed`.
Tally tally_batches(int64_t first, int64_t count, double seed);

}  // namespace npb_ep
