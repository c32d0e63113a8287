#pragma once
#include <vector>

namespace vcb {

// Median of a copy; 0 for an empty input (callers check emptiness where it matters).
double median(std::vector<double> values);

}  // namespace vcb
