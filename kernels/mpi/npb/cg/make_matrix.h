#pragma once
// The CG test matrix, built exactly as NPB's makea/sparse: A = sum_i size_i * v_i v_i^T plus
// (rcond - shift) on the diagonal, where v_i is a random sparse vector with element i set to 0.5
// and size_i = rcond^(i/n). Every rank draws all n vectors (the random stream is sequential) but
// keeps only the rows of its block; duplicates are summed in NPB's order, so each kept row is
// bit-identical to the serial reference.
#include <cstdint>
#include <vector>

namespace npb_cg {

struct RowBlock {
  int first = 0;  // global index of the first row kept
  int count = 0;
};

struct LocalMatrix {
  RowBlock rows;
  std::vector<int64_t> row_start;  // rows.count + 1 offsets into col/val
  std::vector<int> col;            // global column index (0-based), increasing within a row
  std::vector<double> val;
};

// `skip` extra draws before the first vector (0 for the benchmark; 1 perturbs the problem).
LocalMatrix make_matrix(int n, int nonzer, double shift, double rcond, RowBlock rows, int skip);

}  // namespace npb_cg
