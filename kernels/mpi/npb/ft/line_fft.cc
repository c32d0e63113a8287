#include "line_fft.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vcb::npb_ft {
namespace {

constexpr int kLanes = 16;  // lines transformed together: 16 complex values = 4 cache lines

// std::complex's operator* guards against inf/nan at a cost; the data here is always finite.
inline Complex times(Complex a, Complex b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

}  // namespace

LineFft::LineFft(int n) : n_(n), roots_(std::max(n, 1)) {
  while ((1 << log2n_) < n) ++log2n_;
  compute_roots();
}

void LineFft::compute_roots() {
  for (int h = 1; h < n_; h *= 2)
    for (int i = 0; i < h; ++i) {
      const double angle = std::numbers::pi * i / h;
      roots_[h + i] = Complex(std::cos(angle), std::sin(angle));
    }
}

void LineFft::transform(int dir, Complex* x, Complex* work, int lanes) const {
  // Stage s (1..log2 n) combines pairs half a length apart: out[i*2L + k] = a + b and
  // out[i*2L + k + L] = w_i (a - b), with L = 2^(s-1) finished sub-transform length and
  // w_i = e^{+-i pi i / H}, H = n / 2^s. Buffers alternate; the result ends in x.
  const long half = n_ / 2;
  Complex* src = x;
  Complex* dst = work;
  for (int s = 1; s <= log2n_; ++s) {
    const long len = 1L << (s - 1), groups = n_ >> s;
    for (long i = 0; i < groups; ++i) {
      Complex w = roots_[groups + i];
      if (dir < 0) w = std::conj(w);
      for (long k = 0; k < len; ++k) {
        const Complex* a = src + (i * len + k) * lanes;
        const Complex* b = src + (i * len + k + half) * lanes;
        Complex* sum = dst + (i * 2 * len + k) * lanes;
        Complex* diff = dst + (i * 2 * len + k + len) * lanes;
        for (int l = 0; l < lanes; ++l) {
          const Complex p = a[l], q = b[l];
          sum[l] = p + q;
          diff[l] = times(w, p - q);
        }
      }
    }
    std::swap(src, dst);
  }
  if (src != x) std::copy_n(src, static_cast<long>(n_) * lanes, x);
}

void LineFft::lines(int dir, Complex* base, long count, long elem_stride, long line_stride) const {
  std::vector<Complex> block(static_cast<std::size_t>(n_) * kLanes), work(block.size());
  for (long first = 0; first < count; first += kLanes) {
    const int lanes = static_cast<int>(std::min<long>(kLanes, count - first));
    for (long i = 0; i < n_; ++i)
      for (int l = 0; l < lanes; ++l) block[i * lanes + l] = base[(first + l) * line_stride + i * elem_stride];
    transform(dir, block.data(), work.data(), lanes);
    for (long i = 0; i < n_; ++i)
      for (int l = 0; l < lanes; ++l) base[(first + l) * line_stride + i * elem_stride] = block[i * lanes + l];
  }
}

}  // namespace vcb::npb_ft
