#pragma once
// The Graph500 driver's summary statistics: order statistics with the reference's quartile
// convention (mean of the two middle candidates), mean, sample standard deviation, and the
// harmonic mean of TEPS with its standard deviation.
#include <vector>

namespace vcb::g500 {

struct Summary {
  double min = 0, firstquartile = 0, median = 0, thirdquartile = 0, max = 0, mean = 0, stddev = 0;
};

// stddev divides by n - 1 (0 when n < 2).
Summary summarize(std::vector<double> x);

struct HarmonicTeps {
  double mean = 0, stddev = 0;
};

// As the reference C driver: with s_i = time_i / nedge_i (seconds per edge), the harmonic mean
// TEPS is 1 / mean(s) and its standard deviation stddev(s) / (mean(s)^2 * sqrt(n - 1)).
HarmonicTeps harmonic_teps(const std::vector<double>& times, const std::vector<double>& nedges);

}  // namespace vcb::g500
