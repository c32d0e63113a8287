#pragma once
// The hydro kernels of one chunk, in CloverLeaf 1.3's arithmetic: every expression is evaluated in
// the reference's order (the build disables FMA contraction), so per-cell results are bit-identical
// on any thread or rank count. OpenMP splits the k (y) loops statically.
#include <vector>

#include "chunk.h"

namespace clover {

// CloverLeaf's constants are single-precision literals promoted to double; keep them so.
inline constexpr double g_small = static_cast<double>(1.0e-16f);
inline constexpr double g_big = static_cast<double>(1.0e+21f);

// A row of scratch per thread, indexed j = -1..nx+3 like a field row: row-local intermediates
// stay in cache instead of going to memory as whole fields.
class RowBuffer {
 public:
  double* get(int nx) {
    if (data_.size() < static_cast<size_t>(nx + 5)) data_.assign(nx + 5, 0.0);
    return data_.data() + 1;
  }

 private:
  std::vector<double> data_;
};

struct FieldSums {
  double vol = 0.0, mass = 0.0, ie = 0.0, ke = 0.0, press = 0.0;
};

void ideal_gas(Chunk& c, bool predicted);  // predicted: from density1/energy1
void viscosity(Chunk& c);
double calc_dt(Chunk& c);  // the chunk's minimum stable dt
// predict: also sets the predicted pressure and leaves density1/energy1 = the old state (revert).
void pdv(Chunk& c, bool predict, double dt);
void accelerate(Chunk& c, double dt);
void flux_calc(Chunk& c, double dt);
void reset_field(Chunk& c);
FieldSums field_sums(Chunk& c);  // after ideal_gas(c, false)

enum class Dir { x, y };
void advec_cell(Chunk& c, Dir dir, int sweep);
void advec_mom(Chunk& c, Dir dir, int sweep);  // both velocity components

}  // namespace clover
