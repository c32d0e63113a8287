#pragma once
// Kernel 2: level-synchronous top-down BFS on the distributed CSR. Each level, ranks scan the
// adjacency of their frontier vertices, claim local neighbours directly and send (vertex, parent)
// proposals for remote ones to their owners in one MPI_Alltoallv; owners keep the first proposal
// for every unvisited vertex. The search ends when no rank has a new frontier vertex.
#include <cstdint>
#include <vector>

#include "csr_graph.h"
#include "exchange.h"

namespace vcb::g500 {

class Bfs {
 public:
  explicit Bfs(const CsrGraph& g) : g_(g) {}

  // Collective. `parent` (one entry per local vertex) must hold -1 everywhere on entry; on return
  // it holds each reached vertex's BFS parent (the root's parent is the root) and -1 elsewhere.
  // Returns the number of levels.
  int run(int64_t root, std::vector<int64_t>& parent);

 private:
  struct Proposal {
    int64_t vertex, parent;
  };

  const CsrGraph& g_;
  Exchange<Proposal> proposals_;
  std::vector<int64_t> frontier_, next_;  // local indices
};

}  // namespace vcb::g500
