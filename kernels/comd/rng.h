#pragma once
// CoMD's random numbers, reproduced exactly because the initial velocities (and so every printed
// energy) depend on them bit for bit. Note the quirk: lcg61 multiplies with a *wrapping* 64-bit
// product and only then reduces modulo 2^61-1; a textbook MCG would give other numbers.
#include <cmath>
#include <cstdint>

namespace comd {

inline double lcg61(uint64_t& seed) {
  constexpr uint64_t kMult = 437799614237992725ull;
  constexpr uint64_t kMod = 2305843009213693951ull;  // 2^61 - 1
  seed *= kMult;
  seed %= kMod;
  return static_cast<double>(seed) * (1.0 / static_cast<double>(kMod));
}

// Per-atom seed: a hash of the atom's global id and the call site (123 momenta, 457 displacements).
inline uint64_t make_seed(uint32_t id, uint32_t call_site) {
  const uint32_t s1 = id * 2654435761u;
  const uint32_t s2 = (id + call_site) * 2654435761u;
  uint64_t seed = 0x100000000ull * s1 + s2;
  for (int i = 0; i < 10; ++i) lcg61(seed);
  return seed;
}

// Polar Box-Muller returning one deviate (the second of the pair), as CoMD does.
inline double gasdev(uint64_t& seed) {
  double v1, v2, rsq;
  do {
    v1 = 2.0 * lcg61(seed) - 1.0;
    v2 = 2.0 * lcg61(seed) - 1.0;
    rsq = v1 * v1 + v2 * v2;
  } while (rsq >= 1.0 || rsq == 0.0);
  return v2 * std::sqrt(-2.0 * std::log(rsq) / rsq);
}

}  // namespace comd
