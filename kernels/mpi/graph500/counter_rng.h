#pragma once
// Counter-based random numbers and keyed permutations. Every value is a pure function of
// (key, index), so a rank can produce any slice of the edge list without producing what comes
// before it: the generated graph is the same for every rank count.
#include <algorithm>
#include <cstdint>

namespace vcb::g500 {

// SplitMix64's finalizer (Steele, Lea, Flood 2014): a bijective 64-bit mixer with full avalanche.
constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A stream of 64-bit values addressed by index (SplitMix64 is exactly mix64(key + i * gamma)).
// split() derives an unrelated stream, so each use of randomness gets its own.
class CounterRng {
 public:
  explicit constexpr CounterRng(uint64_t key) : key_(key) {}
  constexpr uint64_t at(uint64_t index) const { return mix64(key_ + (index + 1) * kGamma); }
  constexpr CounterRng split(uint64_t stream) const {
    return CounterRng(mix64(key_ ^ mix64(stream * kGamma + 0x5851f42d4c957f2dULL)));
  }

 private:
  static constexpr uint64_t kGamma = 0x9e3779b97f4a7c15ULL;
  uint64_t key_;
};

// A keyed bijection of [0, size): rounds of odd-multiply-add and xorshift on the smallest
// power-of-two domain (each step is invertible there), with cycle walking to stay below `size`.
// Pointwise evaluation is what lets ranks relabel vertices and shuffle edges without a global table.
class KeyedPermutation {
 public:
  KeyedPermutation(uint64_t size, CounterRng rng) : size_(size) {
    while (bits_ < 64 && (uint64_t{1} << bits_) < size) ++bits_;
    mask_ = bits_ == 64 ? ~uint64_t{0} : (uint64_t{1} << bits_) - 1;
    shift_ = std::max(1, (bits_ + 1) / 2);
    for (int r = 0; r < kRounds; ++r) {
      mul_[r] = rng.at(2 * r) | 1;  // odd, hence invertible modulo a power of two
      add_[r] = rng.at(2 * r + 1);
    }
  }

  uint64_t operator()(uint64_t x) const {
    // x < size_ lies on a cycle of the power-of-two bijection that returns to x, so this ends.
    do x = scramble(x);
    while (x >= size_);
    return x;
  }

 private:
  static constexpr int kRounds = 4;
  uint64_t scramble(uint64_t x) const {
    for (int r = 0; r < kRounds; ++r) {
      x = (x * mul_[r] + add_[r]) & mask_;
      x ^= x >> shift_;
    }
    return x;
  }

  uint64_t size_;
  int bits_ = 0;
  int shift_ = 1;
  uint64_t mask_ = 0;
  uint64_t mul_[kRounds] = {};
  uint64_t add_[kRounds] = {};
};

}  // namespace vcb::g500
