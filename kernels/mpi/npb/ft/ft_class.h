#pragma once
// The NPB FT problem classes this kernel runs: grid, and the official checksum of every time
// step (NPB 3.3, ft.f, subroutine verify).
#include <complex>
#include <span>

namespace vcb::npb_ft {

struct FtClass {
  char name;
  int nx, ny, nz;                                   // grid (x fastest); all powers of two
  std::span<const std::complex<double>> checksums;  // reference checksum of steps 1..niter
  int niter() const { return static_cast<int>(checksums.size()); }  // time steps, one checksum each
};

inline constexpr double kTolerance = 1e-12;  // relative error allowed on each checksum
inline constexpr double kAlpha = 1.0e-6;     // diffusion constant of the evolution operator

// The classes, S, W, A and B.
std::span<const FtClass> classes();

}  // namespace vcb::npb_ft
