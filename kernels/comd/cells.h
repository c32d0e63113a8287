#pragma once
// Link cells of one rank's subdomain plus one layer of halo cells, atoms stored box by box in fixed
// slots (structure of arrays), and CoMD's redistribution: move atoms that left their box, exchange
// slabs axis by axis with the neighbours (which also wraps periodic images), sort each box by gid.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "comm.h"

namespace comd {

inline constexpr int kMaxPerBox = 64;

struct Geometry {
  std::array<double, 3> global_extent{};
  std::array<double, 3> local_min{}, local_max{};
  std::array<int, 3> grid{};  // local boxes per axis
  std::array<double, 3> box_size{}, inv_box{};
};

// Geometry as CoMD derives it; false (and `error`) when a rank's domain is under two boxes wide.
bool make_geometry(const std::array<int, 3>& cells, double lattice, double cutoff, const Comm& comm,
                   Geometry& out, std::string& error);

class Cells {
 public:
  explicit Cells(const Geometry& g);

  const Geometry& geom() const { return g_; }
  int n_boxes() const { return n_boxes_; }
  int box(int ix, int iy, int iz) const { return (ix + 1) + pad_[0] * ((iy + 1) + pad_[1] * (iz + 1)); }
  // Local boxes in CoMD's order (x fastest): the order of every global sum.
  const std::vector<int>& local_boxes() const { return local_; }
  bool is_local(int b) const { return is_local_[b] != 0; }
  // Box-index offsets of the 27 neighbours, (dx, dy, dz) with dz fastest: part of the force sum order.
  const std::array<int, 27>& neighbour_offsets() const { return nbr_; }
  int box_of(double x, double y, double z) const;
  // The lower corner of a box (local or halo) and the (dx, dy, dz) of each of the 27 neighbours.
  std::array<double, 3> box_low(int b) const;
  const std::array<std::array<int, 3>, 27>& neighbour_dirs() const { return dirs_; }

  // Appends an atom to the box its position falls in; false when the box is full.
  bool put(int gid, const double r[3], const double p[3]);
  // Moves atoms, exchanges halos (atoms become local or halo images), sorts boxes by gid.
  bool redistribute(const Comm& comm, std::string& error);
  // Copies a per-atom value (EAM's dF/drho) from boundary boxes into the neighbours' halo boxes.
  void exchange_halo_values(const Comm& comm, std::vector<double>& values) const;
  long long local_atoms() const;

  std::vector<int> count;
  std::vector<int> gid;
  std::vector<double> rx, ry, rz, px, py, pz, fx, fy, fz;

 private:
  int axis_cell(double r, int d) const;
  void move_atom(int from_box, int slot, int to_box);
  void remove_atom(int b, int slot);
  std::vector<int> slab(int axis, int lo, int hi, int extend_axes) const;
  bool exchange_atoms(const Comm& comm, int axis, std::string& error);
  void sort_box(int b);

  Geometry g_;
  std::array<int, 3> pad_{};
  int n_boxes_ = 0;
  std::vector<int> local_;
  std::vector<char> is_local_;
  std::array<int, 27> nbr_{};
  std::array<std::array<int, 3>, 27> dirs_{};
};

}  // namespace comd
