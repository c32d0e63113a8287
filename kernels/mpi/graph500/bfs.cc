#include "bfs.h"

#include <mpi.h>

namespace vcb::g500 {

int Bfs::run(int64_t root, std::vector<int64_t>& parent) {
  const CyclicDistribution& d = g_.dist;
  frontier_.clear();
  if (d.owner(root) == d.rank) {
    parent[d.local(root)] = root;
    frontier_.push_back(d.local(root));
  }
  int levels = 0;
  while (true) {
    ++levels;
    next_.clear();
    for (const int64_t lu : frontier_) {
      const int64_t u = d.global(lu);
      for (int64_t i = g_.offsets[lu]; i < g_.offsets[lu + 1]; ++i) {
        const int64_t v = g_.targets[i];
        const int owner = d.owner(v);
        if (owner != d.rank) {
          proposals_.to(owner).push_back({v, u});
        } else if (int64_t& p = parent[d.local(v)]; p < 0) {
          p = u;
          next_.push_back(d.local(v));
        }
      }
    }
    for (const Proposal& m : proposals_.run()) {
      if (int64_t& p = parent[d.local(m.vertex)]; p < 0) {
        p = m.parent;
        next_.push_back(d.local(m.vertex));
      }
    }
    int64_t found = static_cast<int64_t>(next_.size());
    MPI_Allreduce(MPI_IN_PLACE, &found, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (found == 0) return levels;
    frontier_.swap(next_);
  }
}

}  // namespace vcb::g500
