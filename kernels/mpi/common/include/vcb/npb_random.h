#pragma once
// The NAS Parallel Benchmarks' random number generator: x_{k+1} = a * x_k mod 2^46, returned as
// 2^-46 * x_{k+1}. Seeds and multipliers are integers held in doubles, as in NPB; here the
// product is formed exactly in 128-bit integer arithmetic, so every value is bit-identical to
// NPB's double-precision splitting (both are exact).
#include <cstdint>

namespace vcb::npb {

inline constexpr double kMultiplier = 1220703125.0;  // 5^13
inline constexpr double kSeed = 314159265.0;          // CG, MG, FT, IS
inline constexpr double kSeedEP = 271828183.0;        // EP

// Advances `x` once and returns the new value scaled into (0, 1).
double randlc(double& x, double a);
// Fills y[0..n-1] with the next n values of the sequence (n calls of randlc).
void vranlc(long n, double& x, double a, double* y);
// a^n mod 2^46 (n >= 0): the multiplier that jumps a sequence ahead by n steps.
double pow46(double a, uint64_t n);
// The seed after n steps from `seed` with multiplier `a` (seed * a^n mod 2^46).
double skip_ahead(double seed, double a, uint64_t n);

}  // namespace vcb::npb
