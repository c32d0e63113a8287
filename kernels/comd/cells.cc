#include "cells.h"

#include <cmath>
#include <cstring>

namespace comd {

bool make_geometry(const std::array<int, 3>& cells, double lattice, double cutoff, const Comm& comm,
                   Geometry& out, std::string& error) {
  for (int d = 0; d < 3; ++d) {
    out.global_extent[d] = cells[d] * lattice;
    const double local_extent = out.global_extent[d] / comm.procs()[d];
    out.local_min[d] = comm.coord()[d] * local_extent;
    out.local_max[d] = (comm.coord()[d] + 1) * local_extent;
    out.grid[d] = static_cast<int>(local_extent / cutoff);  // truncation, as CoMD
    if (out.grid[d] < 2) {
      error = "each rank's domain must be at least 2 link cells (2 x cutoff) wide along every axis; "
              "use a larger lattice or fewer ranks along axis " + std::string(1, "xyz"[d]);
      return false;
    }
    out.box_size[d] = local_extent / out.grid[d];
    out.inv_box[d] = 1.0 / out.box_size[d];
  }
  return true;
}

Cells::Cells(const Geometry& g) : g_(g) {
  for (int d = 0; d < 3; ++d) pad_[d] = g.grid[d] + 2;
  n_boxes_ = pad_[0] * pad_[1] * pad_[2];
  count.assign(n_boxes_, 0);
  const size_t slots = static_cast<size_t>(n_boxes_) * kMaxPerBox;
  gid.assign(slots, -1);
  for (auto* v : {&rx, &ry, &rz, &px, &py, &pz, &fx, &fy, &fz}) v->assign(slots, 0.0);
  is_local_.assign(n_boxes_, 0);
  for (int iz = 0; iz < g.grid[2]; ++iz)
    for (int iy = 0; iy < g.grid[1]; ++iy)
      for (int ix = 0; ix < g.grid[0]; ++ix) {
        local_.push_back(box(ix, iy, iz));
        is_local_[local_.back()] = 1;
      }
  int k = 0;
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dz = -1; dz <= 1; ++dz) {
        dirs_[k] = {dx, dy, dz};
        nbr_[k++] = dx + pad_[0] * (dy + pad_[1] * dz);
      }
}

int Cells::axis_cell(double r, int d) const {
  int i = static_cast<int>(std::floor((r - g_.local_min[d]) * g_.inv_box[d]));
  if (r < g_.local_max[d]) {
    if (i == g_.grid[d]) i = g_.grid[d] - 1;  // round-off right at the upper face
  } else {
    i = g_.grid[d];
  }
  return i < -1 ? -1 : i;
}

std::array<double, 3> Cells::box_low(int b) const {
  const int idx[3] = {b % pad_[0] - 1, (b / pad_[0]) % pad_[1] - 1, b / (pad_[0] * pad_[1]) - 1};
  std::array<double, 3> lo{};
  for (int d = 0; d < 3; ++d) lo[d] = g_.local_min[d] + idx[d] * g_.box_size[d];
  return lo;
}

int Cells::box_of(double x, double y, double z) const { return box(axis_cell(x, 0), axis_cell(y, 1), axis_cell(z, 2)); }

bool Cells::put(int id, const double r[3], const double p[3]) {
  const int b = box_of(r[0], r[1], r[2]);
  if (count[b] >= kMaxPerBox) return false;
  const size_t s = static_cast<size_t>(b) * kMaxPerBox + count[b]++;
  gid[s] = id;
  rx[s] = r[0], ry[s] = r[1], rz[s] = r[2];
  px[s] = p[0], py[s] = p[1], pz[s] = p[2];
  return true;
}

void Cells::move_atom(int from_box, int slot, int to_box) {
  const size_t a = static_cast<size_t>(from_box) * kMaxPerBox + slot;
  const size_t b = static_cast<size_t>(to_box) * kMaxPerBox + count[to_box]++;
  gid[b] = gid[a];
  rx[b] = rx[a], ry[b] = ry[a], rz[b] = rz[a];
  px[b] = px[a], py[b] = py[a], pz[b] = pz[a];
  fx[b] = fx[a], fy[b] = fy[a], fz[b] = fz[a];
  remove_atom(from_box, slot);
}

// The last atom of the box fills the hole (CoMD's order; the later sort makes it irrelevant).
void Cells::remove_atom(int b, int slot) {
  const int last = --count[b];
  if (slot == last) return;
  const size_t a = static_cast<size_t>(b) * kMaxPerBox + slot, l = static_cast<size_t>(b) * kMaxPerBox + last;
  gid[a] = gid[l];
  rx[a] = rx[l], ry[a] = ry[l], rz[a] = rz[l];
  px[a] = px[l], py[a] = py[l], pz[a] = pz[l];
  fx[a] = fx[l], fy[a] = fy[l], fz[a] = fz[l];
}

// Boxes with index lo..hi along `axis`; along the other axes the halo layer is included when that
// axis' bit is set in `halo_axes`. Enumerated z outer, x inner, so sender and receiver agree.
std::vector<int> Cells::slab(int axis, int lo, int hi, int halo_axes) const {
  std::array<int, 3> from{}, to{};
  for (int d = 0; d < 3; ++d) {
    const bool halo = (halo_axes >> d) & 1;
    from[d] = d == axis ? lo : (halo ? -1 : 0);
    to[d] = d == axis ? hi : (halo ? g_.grid[d] : g_.grid[d] - 1);
  }
  std::vector<int> out;
  for (int iz = from[2]; iz <= to[2]; ++iz)
    for (int iy = from[1]; iy <= to[1]; ++iy)
      for (int ix = from[0]; ix <= to[0]; ++ix) out.push_back(box(ix, iy, iz));
  return out;
}

namespace {

struct AtomMsg {
  int gid;
  double r[3], p[3];
};

template <class T>
void append(std::vector<char>& buf, const T& v) {
  const size_t at = buf.size();
  buf.resize(at + sizeof(T));
  std::memcpy(buf.data() + at, &v, sizeof(T));
}

}  // namespace

bool Cells::exchange_atoms(const Comm& comm, int axis, std::string& error) {
  const int g = g_.grid[axis];
  const int last = comm.procs()[axis] - 1;
  std::vector<char> out[2], in[2];
  for (int face = 0; face < 2; ++face) {  // pack both faces before unpacking either, as CoMD
    const int lo = face == 0 ? -1 : g - 1;
    // Crossing the low periodic face adds the global extent; crossing the high one subtracts it.
    double shift = 0.0;
    if (face == 0 && comm.coord()[axis] == 0) shift = 1.0 * g_.global_extent[axis];
    if (face == 1 && comm.coord()[axis] == last) shift = -1.0 * g_.global_extent[axis];
    for (int b : slab(axis, lo, lo + 1, 7))
      for (int i = 0; i < count[b]; ++i) {
        const size_t s = static_cast<size_t>(b) * kMaxPerBox + i;
        AtomMsg m{gid[s], {rx[s], ry[s], rz[s]}, {px[s], py[s], pz[s]}};
        if (shift != 0.0) m.r[axis] += shift;
        append(out[face], m);
      }
  }
  comm.sendrecv(out[0], comm.neighbour(axis, -1), in[1], comm.neighbour(axis, +1));
  comm.sendrecv(out[1], comm.neighbour(axis, +1), in[0], comm.neighbour(axis, -1));
  for (int face = 0; face < 2; ++face)
    for (size_t at = 0; at + sizeof(AtomMsg) <= in[face].size(); at += sizeof(AtomMsg)) {
      AtomMsg m;
      std::memcpy(&m, in[face].data() + at, sizeof m);
      if (!put(m.gid, m.r, m.p)) return error = "a link cell overflowed (more than 64 atoms)", false;
    }
  return true;
}

void Cells::sort_box(int b) {
  const size_t base = static_cast<size_t>(b) * kMaxPerBox;
  for (int i = 1; i < count[b]; ++i)
    for (int j = i; j > 0 && gid[base + j - 1] > gid[base + j]; --j) {
      const size_t a = base + j - 1, c = base + j;
      std::swap(gid[a], gid[c]);
      for (auto* v : {&rx, &ry, &rz, &px, &py, &pz, &fx, &fy, &fz}) std::swap((*v)[a], (*v)[c]);
    }
}

bool Cells::redistribute(const Comm& comm, std::string& error) {
  for (int b = 0; b < n_boxes_; ++b)
    if (!is_local_[b]) count[b] = 0;
  for (int b : local_)
    for (int i = 0; i < count[b];) {
      const size_t s = static_cast<size_t>(b) * kMaxPerBox + i;
      const int to = box_of(rx[s], ry[s], rz[s]);
      if (to == b) {
        ++i;
        continue;
      }
      if (count[to] >= kMaxPerBox) return error = "a link cell overflowed (more than 64 atoms)", false;
      move_atom(b, i, to);
    }
  for (int axis = 0; axis < 3; ++axis)
    if (!exchange_atoms(comm, axis, error)) return false;
  for (int b = 0; b < n_boxes_; ++b) sort_box(b);
  return true;
}

void Cells::exchange_halo_values(const Comm& comm, std::vector<double>& values) const {
  for (int axis = 0; axis < 3; ++axis) {
    const int g = g_.grid[axis];
    const int earlier = (1 << axis) - 1;  // halos of the axes already exchanged travel along
    std::vector<char> out[2], in[2];
    const int send_layer[2] = {0, g - 1};
    for (int face = 0; face < 2; ++face)
      for (int b : slab(axis, send_layer[face], send_layer[face], earlier))
        for (int i = 0; i < count[b]; ++i) append(out[face], values[static_cast<size_t>(b) * kMaxPerBox + i]);
    comm.sendrecv(out[0], comm.neighbour(axis, -1), in[1], comm.neighbour(axis, +1));
    comm.sendrecv(out[1], comm.neighbour(axis, +1), in[0], comm.neighbour(axis, -1));
    const int recv_layer[2] = {-1, g};
    for (int face = 0; face < 2; ++face) {
      size_t at = 0;
      for (int b : slab(axis, recv_layer[face], recv_layer[face], earlier))
        for (int i = 0; i < count[b] && at + sizeof(double) <= in[face].size(); ++i, at += sizeof(double))
          std::memcpy(&values[static_cast<size_t>(b) * kMaxPerBox + i], in[face].data() + at, sizeof(double));
    }
  }
}

long long Cells::local_atoms() const {
  long long n = 0;
  for (int b : local_) n += count[b];
  return n;
}

}  // namespace comd
