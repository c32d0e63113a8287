#include "vcb/npb_random.h"

namespace vcb::npb {
namespace {

constexpr uint64_t kMask46 = (uint64_t{1} << 46) - 1;
constexpr double kTwoToMinus46 = 1.0 / static_cast<double>(uint64_t{1} << 46);

uint64_t mul46(uint64_t a, uint64_t x) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(a) * x) & kMask46);
}

}  // namespace

double randlc(double& x, double a) {
  const uint64_t next = mul46(static_cast<uint64_t>(a), static_cast<uint64_t>(x));
  x = static_cast<double>(next);
  return static_cast<double>(next) * kTwoToMinus46;
}

void vranlc(long n, double& x, double a, double* y) {
  const uint64_t m = static_cast<uint64_t>(a);
  uint64_t v = static_cast<uint64_t>(x);
  for (long i = 0; i < n; ++i) {
    v = mul46(m, v);
    y[i] = static_cast<double>(v) * kTwoToMinus46;
  }
  x = static_cast<double>(v);
}

double pow46(double a, uint64_t n) {
  uint64_t result = 1, base = static_cast<uint64_t>(a) & kMask46;
  for (; n > 0; n >>= 1) {
    if (n & 1) result = mul46(result, base);
    base = mul46(base, base);
  }
  return static_cast<double>(result);
}

double skip_ahead(double seed, double a, uint64_t n) {
  return static_cast<double>(mul46(static_cast<uint64_t>(seed), static_cast<uint64_t>(pow46(a, n))));
}

}  // namespace vcb::npb
