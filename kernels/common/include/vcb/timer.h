#pragma once
// CLOCK_MONOTONIC through the vDSO: about 20 ns, never slewed backwards (lmbench used gettimeofday).
#include <time.h>

#include <cstdint>

namespace vcb {

inline int64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

inline double seconds_since(int64_t start_ns) { return static_cast<double>(now_ns() - start_ns) * 1e-9; }

}  // namespace vcb
