#pragma once
// The distributed 3-D FFT of FT on a 1-D (slab) decomposition over P ranks:
//   z-slabs: rank r holds planes z in [r*nz/P, (r+1)*nz/P), stored [z][y][x] (x fastest);
//   y-slabs: rank r holds rows   y in [r*ny/P, (r+1)*ny/P), stored [y][x][z] (z fastest).
// Forward: x and y FFTs on z-slabs, one MPI_Alltoall transpose to y-slabs, z FFTs there. The
// spectrum stays in y-slabs; the inverse runs the same steps backwards and ends in z-slabs.
// P must divide ny and nz.
#include <vector>

#include "line_fft.h"

namespace vcb::npb_ft {

class SlabFft3d {
 public:
  SlabFft3d(int nx, int ny, int nz, int rank, int ranks);

  long local_size() const { return static_cast<long>(nx_) * ny_ * nzl_; }  // same in both layouts
  int nx() const { return nx_; }
  int ny() const { return ny_; }
  int nz() const { return nz_; }
  int z0() const { return z0_; }
  int nzl() const { return nzl_; }
  int y0() const { return y0_; }
  int nyl() const { return nyl_; }

  void init();  // recomputes the roots of unity of the three line transforms

  // in: z-slabs (overwritten: x and y transformed in place); out: full transform, y-slabs.
  void forward(Complex* in, Complex* out);
  // in: y-slabs (overwritten: z transformed in place); out: full inverse transform, z-slabs.
  void inverse(Complex* in, Complex* out);

 private:
  void to_y_slabs(const Complex* src, Complex* dst);
  void to_z_slabs(const Complex* src, Complex* dst);
  void exchange();  // all-to-all of the packed blocks, send_ -> recv_

  int nx_, ny_, nz_, ranks_;
  int z0_, nzl_, y0_, nyl_;
  LineFft fx_, fy_, fz_;
  std::vector<Complex> send_, recv_;
};

}  // namespace vcb::npb_ft
