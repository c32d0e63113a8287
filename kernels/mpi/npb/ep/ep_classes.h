#pragma once
// NPB EP problem classes: 2^m pairs of uniform randoms, and the official sums of the Gaussian
// deviates (NPB3.3 ep.f) that a correct run must reproduce to a relative 1e-8.

namespace npb_ep {

struct EpClass {
  char name;
  int m;          // log2 of the number of pairs; 2^(m+1) uniform randoms in all
  double sx_ref;  // official sum of the X deviates
  double sy_ref;  // official sum of the Y deviates
};

inline constexpr double kTolerance = 1e-8;

inline constexpr EpClass kClasses[] = {
    {'S', 24, -3.247834652034740e+3, -6.958407078382297e+3},
    {'W', 25, -2.863319731645753e+3, -6.320053679109499e+3},
    {'A', 28, -4.295875165629892e+3, -1.580732573678431e+4},
    {'B', 30, 4.033815542441498e+4, -2.660669192809235e+4},
    {'C', 32, 4.764367927995374e+4, -8.084072988043731e+4},
};

}  // namespace npb_ep
