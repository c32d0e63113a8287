#pragma once
// The MPI layer: decomposition, reductions and halo exchange. Without MPI (VCB_CLOVER_MPI unset)
// every call is the single-rank identity, so the tree always builds.
#include <vector>

#include "chunk.h"
#include "kernels.h"

namespace clover {

// chunk_x × chunk_y ranks, as CloverLeaf's clover_decompose picks them.
struct Decomposition {
  int chunks_x = 1, chunks_y = 1;
};
Decomposition decompose(int x_cells, int y_cells, int ranks);

// This rank's cell range and neighbours (ranks numbered x-fastest).
void place_chunk(const Decomposition& d, int x_cells, int y_cells, int rank, Chunk& c);
int chunk_cells_x(const Decomposition& d, int x_cells, int cx);
int chunk_cells_y(const Decomposition& d, int y_cells, int cy);

namespace comm {
void init(int* argc, char*** argv);
void finalize();
int rank();
int size();
double min_all(double v);
FieldSums sum_all(const FieldSums& s);
bool all_true(bool v);
void barrier();
// Swap `depth` columns (x) then rows (y) with the neighbours; each field given with its node offsets.
struct Exchanged {
  Field* field;
  int xinc, yinc;
};
void exchange(Chunk& c, const std::vector<Exchanged>& fields, int depth);
}  // namespace comm

}  // namespace clover
