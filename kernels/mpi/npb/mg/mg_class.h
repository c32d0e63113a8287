#pragma once
// The NPB MG problem classes this kernel runs: grid, iteration count, the official rnm2 and the
// smoother that class uses (NPB 3.3, mg.f).
#include <array>

namespace vcb::npb_mg {

struct MgClass {
  char name;
  int n;                       // grid points per dimension (the grid is n^3, periodic)
  int nit;                     // timed V-cycles
  double verify_rnm2;          // official L2 norm of the final residual
  std::array<double, 4> c;     // smoother coefficients: S(a) for S, W, A; S(b) from B on
};

// Operator A: 27-point stencil weights by distance class (centre, face, edge, corner).
inline constexpr std::array<double, 4> kOperator = {-8.0 / 3.0, 0.0, 1.0 / 6.0, 1.0 / 12.0};
inline constexpr double kTolerance = 1e-8;  // relative error allowed on rnm2

inline constexpr std::array<double, 4> kSmootherA = {-3.0 / 8.0, 1.0 / 32.0, -1.0 / 64.0, 0.0};
inline constexpr std::array<double, 4> kSmootherB = {-3.0 / 17.0, 1.0 / 33.0, -1.0 / 61.0, 0.0};

inline constexpr MgClass kClasses[] = {
    {'S', 32, 4, 0.5307707005734e-04, kSmootherA},
    {'W', 128, 4, 0.6467329375339e-05, kSmootherA},
    {'A', 256, 4, 0.2433365309069e-05, kSmootherA},
    {'B', 256, 20, 0.1800564401355e-05, kSmootherB},
};

}  // namespace vcb::npb_mg
