#pragma once
// Statistics over repetitions (one value per repetition = one fresh process), following
// ../shared/reference/statistics.md: medians with a percentile-bootstrap interval, and ratios
// between environments as a Hodges-Lehmann shift on log values with the exact Moses interval.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vcb::stats {

struct Interval {
  double lo = 0, hi = 0;
  double level = 0;     // coverage the method reaches (exact where the method has one)
  std::string method;
};

struct Spread { double min = 0, max = 0, q1 = 0, q3 = 0; };

double quantile(std::vector<double> v, double q);  // linear interpolation, q in [0,1]
Spread spread(const std::vector<double>& v);

// Percentile bootstrap of the median; nullopt for n < 2. Deterministic for a given seed.
std::optional<Interval> bootstrap_median_ci(const std::vector<double>& v, double level = 0.95,
                                            int resamples = 2000, uint64_t seed = 1);

// Coverage of [x(k), x(n-k+1)] for the median of n samples (distribution-free).
double order_statistic_level(int n, int k);

// Exact null distribution of the Mann-Whitney U statistic: P(U <= u) for samples of n and m.
double mann_whitney_cdf(int n, int m, int u);
std::vector<double> mann_whitney_cdf_table(int n, int m);  // P(U <= u) for u = 0..n*m

struct Ratio {
  double value = 1;           // exp(Hodges-Lehmann shift of log(b) - log(a)): b relative to a
  Interval ci;                // Moses interval, exponentiated
  double p_value = 1;         // exact two-sided Mann-Whitney p
  bool significant = false;   // the interval excludes 1.0
};

// b relative to a. nullopt when a 95% statement is impossible (n or m too small, non-positive data).
std::optional<Ratio> ratio(const std::vector<double>& a, const std::vector<double>& b, double level = 0.95);

// Benjamini-Hochberg: which of the p-values stay significant at false-discovery rate q.
std::vector<bool> benjamini_hochberg(const std::vector<double>& p, double q = 0.05);

}  // namespace vcb::stats
