#pragma once
// The right-hand side of NPB MG (zran3): n^3 uniform numbers from the NPB generator, drawn in
// x-fastest order over the whole grid from seed 314159265; +1 at the ten largest, -1 at the ten
// smallest, 0 elsewhere. Each rank draws only its own planes, jumping ahead to its first one.
#include <cstdint>
#include <vector>

#include "level.h"

namespace vcb::npb_mg {

struct Charges {
  std::vector<int64_t> plus;   // global linear indices i1 + n*(i2 + n*i3), largest value first
  std::vector<int64_t> minus;  // smallest value first
};

// Fills v (the finest level, ghosts included) and returns where the charges went. `scale`
// multiplies the charges (1 for the benchmark; --perturb moves it off 1).
Charges place_charges(const Level& top, double* v, double scale);

}  // namespace vcb::npb_mg
