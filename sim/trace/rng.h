#pragma once
// SplitMix64 (Steele, Lea, Flood 2014) and the few distributions the generator needs, written out
// because std::*_distribution may differ between standard libraries: the same seed must give the
// same workload, hence the same records, on every machine.
#include <cmath>
#include <cstdint>

namespace vcb::sim {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform on [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer on [lo, hi].
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  // Exponential with the given mean: the gaps of a Poisson arrival process.
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  // Log-uniform on [lo, hi]: every decade equally likely, as job run times roughly are.
  double log_uniform(double lo, double hi) { return lo * std::exp(uniform() * std::log(hi / lo)); }

 private:
  uint64_t state_;
};

}  // namespace vcb::sim
