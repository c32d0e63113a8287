#pragma once
// NPB CG's inner solver, distributed by row blocks: every rank owns a contiguous block of rows of
// A and the matching slices of x, z, r, q; before each sparse product the search direction is
// assembled in full on every rank with MPI_Allgatherv, and dot products are local sums combined
// with MPI_Allreduce. (NPB MPI uses a 2-D process grid with transpose exchanges instead; the
// arithmetic per row is the same, only the order of the dot-product sums differs.)
#include <vector>

#include "make_matrix.h"

namespace npb_cg {

// Row blocks of a matrix of order n over `ranks`: as equal as possible, lower ranks take the rest.
struct Layout {
  std::vector<int> counts;
  std::vector<int> displs;
  RowBlock block(int rank) const { return {displs[rank], counts[rank]}; }
};
Layout make_layout(int n, int ranks);

class ConjGrad {
 public:
  ConjGrad(const LocalMatrix& a, const Layout& layout, int n);
  // Exactly kCgSteps CG steps on A z = x from z = 0 (x, z: this rank's slices); returns the
  // explicit residual norm ||x - A z|| over all ranks.
  double solve(const std::vector<double>& x, std::vector<double>& z);

 private:
  void multiply(const std::vector<double>& full, std::vector<double>& out) const;  // out = A full (my rows)
  void gather(std::vector<double>& full) const;  // my slice of `full` is current; fill in the others
  double dot(const std::vector<double>& a, const std::vector<double>& b) const;  // global a.b of slices

  const LocalMatrix& a_;
  const Layout& layout_;
  int first_, count_;
  std::vector<double> p_full_, q_, r_;
};

// Global sum of local values (one MPI_Allreduce for all of them).
void sum_all(double* values, int n);

}  // namespace npb_cg
