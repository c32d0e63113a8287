#pragma once
// One rank's piece of the mesh (CloverLeaf's "chunk"): interior cells j = 1..nx, k = 1..ny, two
// halo layers. Every 2-D array shares one layout, sized for node fields (j, k = -1..n+3), so one
// index function serves cells, nodes and faces; j (x) is fastest in memory as in the reference.
#include <array>
#include <vector>

#include "deck.h"

namespace clover {

class Field {
 public:
  Field() = default;
  Field(int nx, int ny) : stride_(nx + 5), data_(static_cast<size_t>(nx + 5) * (ny + 5), 0.0) {}
  double& operator()(int j, int k) { return data_[static_cast<size_t>(k + 1) * stride_ + (j + 1)]; }
  double operator()(int j, int k) const { return data_[static_cast<size_t>(k + 1) * stride_ + (j + 1)]; }
  // Row k as a pointer indexed by j, so inner loops index one array.
  double* row(int k) { return data_.data() + static_cast<size_t>(k + 1) * stride_ + 1; }
  const double* row(int k) const { return data_.data() + static_cast<size_t>(k + 1) * stride_ + 1; }

 private:
  int stride_ = 0;
  std::vector<double> data_;
};

// 1-D geometry arrays, indexed j = -1..n+3.
class Line {
 public:
  Line() = default;
  explicit Line(int n) : data_(static_cast<size_t>(n + 5), 0.0) {}
  double& operator()(int j) { return data_[j + 1]; }
  double operator()(int j) const { return data_[j + 1]; }
  const double* base() const { return data_.data() + 1; }  // indexed by j, as row() of a Field

 private:
  std::vector<double> data_;
};

// A 2-D field whose rows are all the same: CloverLeaf's mesh is uniform, so volume (dx*dy),
// xarea (celldy) and yarea (celldx) hold one value per column. One line serves every row: the
// kernels read the same values as from a 2-D array without streaming it from memory.
class SameRows {
 public:
  SameRows() = default;
  explicit SameRows(int nx) : line_(nx) {}
  double& at(int j) { return line_(j); }
  double operator()(int j, int /*k*/) const { return line_(j); }
  const double* row(int /*k*/) const { return line_.base(); }

 private:
  Line line_;
};

// Which physical walls this chunk touches, and its neighbours' ranks (-1 = a wall).
enum Face { left = 0, right = 1, bottom = 2, top = 3 };

struct Chunk {
  int nx = 0, ny = 0;                  // interior cells
  int left_cell = 1, bottom_cell = 1;  // global index of cell (1,1)
  std::array<int, 4> neighbour{-1, -1, -1, -1};

  Line cellx, celly, celldx, celldy, vertexx, vertexy, vertexdx, vertexdy;
  Field density0, density1, energy0, energy1, pressure, viscosity, soundspeed;
  Field xvel0, xvel1, yvel0, yvel1;
  Field vol_flux_x, vol_flux_y, mass_flux_x, mass_flux_y;
  SameRows volume, xarea, yarea;
  Field work1, work3, work4, work5, work6, work7;  // scratch of the y sweeps (x sweeps use row buffers)

  Chunk(int nx_, int ny_);
};

// Geometry and initial states of the chunk (every cell, halos included, as the reference does).
void generate_chunk(Chunk& c, const Deck& deck);

}  // namespace clover
