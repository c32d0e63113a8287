#pragma once
// The thread axis of the scale-up suites: `threads = "sweep"` in a suite means 1, 2, 4, ... up to
// the cores this host grants (the last point is the core count itself when it is not a power of
// two); `vcbench run --threads 1,2,4,8` replaces every benchmark's thread axis with that list.
#include <vector>

#include "suite/suite.h"
#include "util/result.h"

namespace vcb {

std::vector<int> thread_sweep(int cores);
Result<int> apply_threads(Suite& suite, const std::vector<int>& requested, int cores);

}  // namespace vcb
