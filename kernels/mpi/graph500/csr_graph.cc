#include "csr_graph.h"

#include <mpi.h>

#include <algorithm>

#include "exchange.h"

namespace vcb::g500 {

CsrGraph build_csr(const std::vector<Edge>& tuples, int rank, int ranks) {
  int64_t largest = -1;
  for (const Edge& e : tuples) largest = std::max({largest, e.u, e.v});
  MPI_Allreduce(MPI_IN_PLACE, &largest, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);

  CsrGraph g;
  g.dist = {largest + 1, rank, ranks};
  const CyclicDistribution& d = g.dist;

  Exchange<Edge> arcs;  // (from, to), sent to the owner of `from`
  for (const Edge& e : tuples) {
    if (e.u == e.v) continue;
    arcs.to(d.owner(e.u)).push_back({e.u, e.v});
    arcs.to(d.owner(e.v)).push_back({e.v, e.u});
  }
  const std::vector<Edge>& mine = arcs.run();

  // Counting sort by local source row.
  const int64_t n = d.nlocal();
  g.offsets.assign(n + 1, 0);
  for (const Edge& a : mine) ++g.offsets[d.local(a.u) + 1];
  for (int64_t i = 0; i < n; ++i) g.offsets[i + 1] += g.offsets[i];
  g.targets.resize(mine.size());
  std::vector<int64_t> fill(g.offsets.begin(), g.offsets.end() - 1);
  for (const Edge& a : mine) g.targets[fill[d.local(a.u)]++] = a.v;
  return g;
}

}  // namespace vcb::g500
