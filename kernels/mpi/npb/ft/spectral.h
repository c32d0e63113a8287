#pragma once
// The FT problem around the FFTs: NPB's random initial field, the evolution factors of the
// heat equation in Fourier space, the time step and the per-step checksum.
#include <complex>

#include "ft_class.h"
#include "slab_fft.h"

namespace vcb::npb_ft {

// u (z-slabs) = the NPB initial condition: 2*nx*ny*nz uniform numbers from seed 314159265, in
// (re, im) pairs, x fastest over the whole grid; this rank jumps ahead to its first plane.
// `scale` multiplies the field (1 for the benchmark; --perturb moves it off 1).
void initial_conditions(const SlabFft3d& g, Complex* u, double scale);

// twiddle (y-slabs) = exp(-4 alpha pi^2 (kx^2 + ky^2 + kz^2)) with k the signed wave numbers.
void evolution_factors(const SlabFft3d& g, double* twiddle);

// One time step: u0 *= twiddle (cumulative), u1 = u0.
void evolve(Complex* u0, Complex* u1, const double* twiddle, long count);

// NPB's checksum of u (z-slabs): sum of u at points j = 1..1024, (x, y, z) = (j, 3j, 5j) mod
// the grid, divided by nx*ny*nz; summed over all ranks (every rank gets the result).
Complex checksum(const SlabFft3d& g, const Complex* u);

}  // namespace vcb::npb_ft
