#pragma once
// Kernel 1: the distributed, undirected CSR graph built from the generated tuples. Vertices are
// dealt cyclically (owner = v mod ranks), which spreads the Kronecker graph's high-degree
// vertices after relabelling; each rank stores the adjacency of the vertices it owns.
#include <cstdint>
#include <vector>

#include "kronecker.h"

namespace vcb::g500 {

struct CyclicDistribution {
  int64_t nglobal = 0;
  int rank = 0, ranks = 1;
  int owner(int64_t v) const { return static_cast<int>(v % ranks); }
  int64_t local(int64_t v) const { return v / ranks; }
  int64_t global(int64_t local) const { return local * ranks + rank; }
  int64_t nlocal() const { return nglobal > rank ? (nglobal - rank + ranks - 1) / ranks : 0; }
};

struct CsrGraph {
  CyclicDistribution dist;
  std::vector<int64_t> offsets;  // nlocal + 1 row starts into `targets`
  std::vector<int64_t> targets;  // global ids of neighbours (multi-edges kept)
  int64_t degree(int64_t local) const { return offsets[local + 1] - offsets[local]; }
};

// Collective. Drops self-loops, stores each remaining tuple in both directions, and discovers
// the vertex count as 1 + the largest label present (kernel 1 is not told N).
CsrGraph build_csr(const std::vector<Edge>& tuples, int rank, int ranks);

}  // namespace vcb::g500
