#pragma once
// NPB's MPI versions halve their grids and key ranges between ranks, so all kernels but EP need a
// power-of-two rank count, and each class caps it. A wrong count is a usage error (exit 2).
#include <string>

#include "vcb/kernel.h"

namespace vcb::npb {

// CG, IS: a power of two ("CG needs a power-of-two rank count (got 3); use 1, 2, 4, 8, ..."),
// then at most `max`, else the kernel's own `over_max` message.
void require_power_of_two(const Kernel& k, int ranks, const std::string& kernel, int max,
                          const std::string& over_max);

// MG, FT: a power of two no larger than `max`, both in one message that lists the valid counts:
// "<who> needs a power-of-two rank count <bound> (1, 2, 4, ..., max), got 3".
void require_power_of_two_up_to(const Kernel& k, int ranks, int max, const std::string& who,
                                const std::string& bound);

}  // namespace vcb::npb
