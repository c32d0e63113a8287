#include "spectral.h"

#include <mpi.h>

#include <cmath>
#include <numbers>

#include "vcb/npb_random.h"

namespace vcb::npb_ft {

void initial_conditions(const SlabFft3d& g, Complex* u, double scale) {
  // The field is one contiguous run of the generator in storage order, so the rank's part
  // starts 2*nx*ny values per preceding plane into the sequence.
  const uint64_t per_plane = 2ULL * g.nx() * g.ny();
  double seed = npb::skip_ahead(npb::kSeed, npb::kMultiplier, per_plane * g.z0());
  double* values = reinterpret_cast<double*>(u);
  for (int z = 0; z < g.nzl(); ++z) npb::vranlc(static_cast<long>(per_plane), seed, npb::kMultiplier, values + per_plane * z);
  if (scale != 1.0)
    for (long i = 0; i < 2 * g.local_size(); ++i) values[i] *= scale;
}

namespace {
// Fourier index 0..n-1 as the signed wave number 0, 1, ..., n/2-1, -n/2, ..., -1.
int wave_number(int i, int n) { return (i + n / 2) % n - n / 2; }
}  // namespace

void evolution_factors(const SlabFft3d& g, double* twiddle) {
  const double ap = -4.0 * kAlpha * std::numbers::pi * std::numbers::pi;
  long at = 0;
  for (int y = 0; y < g.nyl(); ++y) {
    const int ky = wave_number(g.y0() + y, g.ny());
    for (int x = 0; x < g.nx(); ++x) {
      const int kx = wave_number(x, g.nx());
      const int kxy = ky * ky + kx * kx;
      for (int z = 0; z < g.nz(); ++z) {
        const int kz = wave_number(z, g.nz());
        twiddle[at++] = std::exp(ap * static_cast<double>(kz * kz + kxy));
      }
    }
  }
}

void evolve(Complex* u0, Complex* u1, const double* twiddle, long count) {
  for (long i = 0; i < count; ++i) {
    u0[i] = Complex(u0[i].real() * twiddle[i], u0[i].imag() * twiddle[i]);
    u1[i] = u0[i];
  }
}

Complex checksum(const SlabFft3d& g, const Complex* u) {
  double sum[2] = {0, 0};
  for (int j = 1; j <= 1024; ++j) {
    const int x = j % g.nx(), y = (3 * j) % g.ny(), z = (5 * j) % g.nz();
    if (z < g.z0() || z >= g.z0() + g.nzl()) continue;
    const Complex v = u[(static_cast<long>(z - g.z0()) * g.ny() + y) * g.nx() + x];
    sum[0] += v.real();
    sum[1] += v.imag();
  }
  const double points = static_cast<double>(g.nx()) * g.ny() * g.nz();
  sum[0] /= points;
  sum[1] /= points;
  MPI_Allreduce(MPI_IN_PLACE, sum, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return {sum[0], sum[1]};
}

}  // namespace vcb::npb_ft
