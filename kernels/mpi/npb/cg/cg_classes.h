#pragma once
// NPB CG problem classes (NPB3.3 setparams / cg.f): order na, nonzeros per generated vector,
// outer iterations, eigenvalue shift, and the official zeta a correct run reproduces to 1e-10.

namespace npb_cg {

struct CgClass {
  char name;
  int na;
  int nonzer;
  int niter;
  double shift;
  double zeta_ref;
};

inline constexpr double kRcond = 0.1;  // bounds the smallest eigenvalue from below
inline constexpr int kCgSteps = 25;    // NPB's cgitmax: fixed CG steps per outer iteration
inline constexpr double kTolerance = 1e-10;

inline constexpr CgClass kClasses[] = {
    {'S', 1400, 7, 15, 10.0, 8.5971775078648},
    {'W', 7000, 8, 15, 12.0, 10.362595087124},
    {'A', 14000, 11, 15, 20.0, 17.130235054029},
    {'B', 75000, 13, 75, 60.0, 22.712745482631},
    {'C', 150000, 15, 75, 110.0, 28.973605592845},
};

}  // namespace npb_cg
