#include "slab_fft.h"

#include <mpi.h>

#include <algorithm>

namespace vcb::npb_ft {

SlabFft3d::SlabFft3d(int nx, int ny, int nz, int rank, int ranks)
    : nx_(nx), ny_(ny), nz_(nz), ranks_(ranks), z0_(rank * (nz / ranks)), nzl_(nz / ranks),
      y0_(rank * (ny / ranks)), nyl_(ny / ranks), fx_(nx), fy_(ny), fz_(nz),
      send_(local_size()), recv_(local_size()) {}

void SlabFft3d::init() {
  fx_.compute_roots();
  fy_.compute_roots();
  fz_.compute_roots();
}

void SlabFft3d::exchange() {
  // One block per rank pair: nyl rows x nx columns x nzl planes, in complex values.
  const int doubles = static_cast<int>(2L * nyl_ * nx_ * nzl_);
  MPI_Alltoall(send_.data(), doubles, MPI_DOUBLE, recv_.data(), doubles, MPI_DOUBLE, MPI_COMM_WORLD);
}

void SlabFft3d::to_y_slabs(const Complex* src, Complex* dst) {
  const long block = static_cast<long>(nyl_) * nx_ * nzl_;
  // Block for rank p: its rows, packed [y][x][z] so the receiver copies whole z-runs.
  for (int p = 0; p < ranks_; ++p)
    for (int z = 0; z < nzl_; ++z)
      for (int y = 0; y < nyl_; ++y) {
        const Complex* row = src + (static_cast<long>(z) * ny_ + p * nyl_ + y) * nx_;
        Complex* out = send_.data() + p * block + static_cast<long>(y) * nx_ * nzl_ + z;
        for (int x = 0; x < nx_; ++x) out[static_cast<long>(x) * nzl_] = row[x];
      }
  exchange();
  for (int s = 0; s < ranks_; ++s)
    for (long col = 0; col < static_cast<long>(nyl_) * nx_; ++col)
      std::copy_n(recv_.data() + s * block + col * nzl_, nzl_, dst + col * nz_ + s * nzl_);
}

void SlabFft3d::to_z_slabs(const Complex* src, Complex* dst) {
  const long block = static_cast<long>(nyl_) * nx_ * nzl_;
  // Block for rank p: its planes, packed [z][y][x] so the receiver copies whole x-rows.
  for (int p = 0; p < ranks_; ++p)
    for (int y = 0; y < nyl_; ++y)
      for (int x = 0; x < nx_; ++x) {
        const Complex* col = src + (static_cast<long>(y) * nx_ + x) * nz_ + p * nzl_;
        Complex* out = send_.data() + p * block + static_cast<long>(y) * nx_ + x;
        for (int z = 0; z < nzl_; ++z) out[static_cast<long>(z) * nyl_ * nx_] = col[z];
      }
  exchange();
  for (int s = 0; s < ranks_; ++s)
    for (int z = 0; z < nzl_; ++z)
      for (int y = 0; y < nyl_; ++y)
        std::copy_n(recv_.data() + s * block + (static_cast<long>(z) * nyl_ + y) * nx_, nx_,
                    dst + (static_cast<long>(z) * ny_ + s * nyl_ + y) * nx_);
}

void SlabFft3d::forward(Complex* in, Complex* out) {
  fx_.lines(+1, in, static_cast<long>(nzl_) * ny_, 1, nx_);
  for (int z = 0; z < nzl_; ++z) fy_.lines(+1, in + static_cast<long>(z) * ny_ * nx_, nx_, nx_, 1);
  to_y_slabs(in, out);
  fz_.lines(+1, out, static_cast<long>(nyl_) * nx_, 1, nz_);
}

void SlabFft3d::inverse(Complex* in, Complex* out) {
  fz_.lines(-1, in, static_cast<long>(nyl_) * nx_, 1, nz_);
  to_z_slabs(in, out);
  for (int z = 0; z < nzl_; ++z) fy_.lines(-1, out + static_cast<long>(z) * ny_ * nx_, nx_, nx_, 1);
  fx_.lines(-1, out, static_cast<long>(nzl_) * ny_, 1, nx_);
}

}  // namespace vcb::npb_ft
