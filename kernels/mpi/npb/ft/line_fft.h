#pragma once
// Radix-2 Stockham FFT of power-of-two length, applied to many lines of a 3-D array at once.
// Lines are copied into a small block with the lines interleaved (element i of all lanes
// adjacent), so every butterfly works on contiguous memory whatever the line's stride, and the
// Stockham ordering needs no bit reversal. Unnormalised; deterministic (fixed operation order).
#include <complex>
#include <vector>

namespace vcb::npb_ft {

using Complex = std::complex<double>;

class LineFft {
 public:
  explicit LineFft(int n);  // n a power of two; computes the roots of unity

  // Recomputes the roots of unity (NPB times this set-up as part of the benchmark).
  void compute_roots();

  // Transforms `lanes` interleaved sequences in place: element i of lane b is x[i*lanes + b].
  // dir = +1 computes X_k = sum_j x_j e^{+2 pi i jk/n}, dir = -1 the conjugate kernel (NPB's
  // convention; the round trip scales by n). `work` holds n*lanes values.
  void transform(int dir, Complex* x, Complex* work, int lanes) const;

  // Transforms `count` lines of an array: element i of line l is base[l*line_stride + i*elem_stride].
  void lines(int dir, Complex* base, long count, long elem_stride, long line_stride) const;

  int size() const { return n_; }

 private:
  int n_ = 1;
  int log2n_ = 0;
  std::vector<Complex> roots_;  // roots_[h + i] = e^{i pi i / h} for h = 1, 2, ..., n/2, 0 <= i < h
};

}  // namespace vcb::npb_ft
