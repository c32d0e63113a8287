#pragma once
// The NPB FT problem classes this kernel runs: grid, time steps and the official checksum of
// every step (NPB 3.3, ft.f, subroutine verify).
#include <complex>
#include <string>
#include <vector>

namespace vcb::npb_ft {

struct FtClass {
  const char* name;
  int nx, ny, nz;                              // grid (x fastest); all powers of two
  int niter;                                   // time steps, one checksum each
  std::vector<std::complex<double>> checksums;  // reference checksum of steps 1..niter
};

inline constexpr double kTolerance = 1e-12;  // relative error allowed on each checksum
inline constexpr double kAlpha = 1.0e-6;     // diffusion constant of the evolution operator

// nullptr when `name` is not a class this kernel knows.
const FtClass* find_class(const std::string& name);
inline constexpr const char* kValidClasses = "S, W, A, B";

}  // namespace vcb::npb_ft
