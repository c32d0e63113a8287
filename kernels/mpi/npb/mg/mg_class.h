#pragma once
// The NPB MG problem classes this kernel runs: grid, iteration count, the official rnm2 and the
// smoother that class uses (NPB 3.3, mg.f).
#include <array>
#include <string>

namespace vcb::npb_mg {

struct MgClass {
  const char* name;
  int n;                       // grid points per dimension (the grid is n^3, periodic)
  int nit;                     // timed V-cycles
  double verify_rnm2;          // official L2 norm of the final residual
  std::array<double, 4> c;     // smoother coefficients: S(a) for S, W, A; S(b) from B on
};

// Operator A: 27-point stencil weights by distance class (centre, face, edge, corner).
inline constexpr std::array<double, 4> kOperator = {-8.0 / 3.0, 0.0, 1.0 / 6.0, 1.0 / 12.0};
inline constexpr double kTolerance = 1e-8;  // relative error allowed on rnm2

// nullptr when `name` is not a class this kernel knows.
const MgClass* find_class(const std::string& name);
inline constexpr const char* kValidClasses = "S, W, A, B";

}  // namespace vcb::npb_mg
