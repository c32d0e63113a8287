#pragma once
// The answer check: the standard cases (CoMD's default LJ run, and the two EAM copper tables at
// the default size) against the energies the reference prints at every step (proxies.md §6.2,
// tolerances of §9); any other case against energy conservation and the atom count.
#include <string>
#include <vector>

#include "potential.h"
#include "sim.h"

namespace comd {

struct Verdict {
  bool passed = false;
  std::string standard;  // "lj", "eam-funcfl-Cu_u6", "eam-setfl-Cu01", or "" when not a standard case
  std::string detail;
};

inline constexpr double kConservationTolerance = 1e-4;  // |E_end/E_0 - 1| for non-standard cases

std::string standard_case(const Config& cfg, const Potential& pot);
Verdict validate(const Config& cfg, const Potential& pot, const RunResult& run);

}  // namespace comd
