#include "search_keys.h"

#include <mpi.h>

#include <algorithm>

namespace vcb::g500 {

std::vector<int64_t> choose_search_keys(const CsrGraph& g, int scale, CounterRng rng, int64_t count) {
  const uint64_t n = uint64_t{1} << scale;
  const KeyedPermutation order(n, rng);
  const CyclicDistribution& d = g.dist;
  std::vector<int64_t> keys;
  constexpr uint64_t kBatch = 256;  // candidates judged per collective
  std::vector<int> usable(kBatch);
  for (uint64_t next = 0; next < n && static_cast<int64_t>(keys.size()) < count; next += kBatch) {
    const uint64_t batch = std::min(kBatch, n - next);
    for (uint64_t i = 0; i < batch; ++i) {
      const int64_t v = static_cast<int64_t>(order(next + i));
      usable[i] = v < d.nglobal && d.owner(v) == d.rank && g.degree(d.local(v)) > 0;
    }
    MPI_Allreduce(MPI_IN_PLACE, usable.data(), static_cast<int>(batch), MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    for (uint64_t i = 0; i < batch && static_cast<int64_t>(keys.size()) < count; ++i)
      if (usable[i]) keys.push_back(static_cast<int64_t>(order(next + i)));
  }
  return keys;
}

}  // namespace vcb::g500
