#pragma once
// `vcbench run --benchmark NAME`: keeps only the named benchmarks of the loaded suites (a slice of
// micro, say, for slow environments); every name must match one, so a typo is bad input.
#include <string>
#include <vector>

#include "suite/suite.h"
#include "util/result.h"

namespace vcb {

Result<bool> keep_benchmarks(Suite& suite, const std::vector<std::string>& names);

}  // namespace vcb
