// The report's statistics on synthetic data whose truth is known (../shared/reference/statistics.md).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "stats/statistics.h"

namespace vcb::stats {
namespace {

std::vector<double> lognormal(std::mt19937_64& rng, int n, double center, double sigma) {
  std::normal_distribution<double> noise(0, sigma);
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(center * std::exp(noise(rng)));
  return v;
}

TEST(Statistics, QuantileAndSpread) {
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5}, 0.5), 3);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.5), 2.5);
  const Spread s = spread({5, 1, 3});
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.max, 5);
}

TEST(Statistics, OrderStatisticLevelsMatchTheTable) {
  EXPECT_NEAR(order_statistic_level(5, 1), 0.9375, 1e-12);
  EXPECT_NEAR(order_statistic_level(6, 1), 0.96875, 1e-12);
  EXPECT_NEAR(order_statistic_level(9, 2), 0.9609, 1e-4);
}

TEST(Statistics, MannWhitneyExactDistribution) {
  EXPECT_NEAR(mann_whitney_cdf(5, 5, 2), 4.0 / 252, 1e-12);
  EXPECT_NEAR(mann_whitney_cdf(4, 4, 0), 1.0 / 70, 1e-12);
  EXPECT_NEAR(mann_whitney_cdf(3, 3, 0), 1.0 / 20, 1e-12);
  EXPECT_NEAR(mann_whitney_cdf(5, 5, 25), 1.0, 1e-12);
}

TEST(Statistics, BootstrapIntervalHoldsTheMedianAndIsDeterministic) {
  const std::vector<double> v{10, 11, 12, 13, 14, 15, 16};
  const auto a = bootstrap_median_ci(v), b = bootstrap_median_ci(v);
  ASSERT_TRUE(a && b);
  EXPECT_LE(a->lo, 13);
  EXPECT_GE(a->hi, 13);
  EXPECT_EQ(a->lo, b->lo);
  EXPECT_FALSE(bootstrap_median_ci({1.0}));
}

TEST(Statistics, RatioNeedsFourSamplesEach) {
  EXPECT_FALSE(ratio({1, 2, 3}, {1, 2, 3}));
  const auto r = ratio({1, 1.1, 1.2, 1.3}, {2, 2.1, 2.2, 2.3});
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->ci.level, 1 - 2.0 / 70, 1e-9);
  EXPECT_TRUE(r->significant);
}

TEST(Statistics, RatioRejectsNonPositiveData) { EXPECT_FALSE(ratio({1, 2, 3, 0}, {1, 2, 3, 4})); }

TEST(Statistics, RatioOfAKnownShift) {
  const auto r = ratio({100, 101, 99, 100.5, 99.5}, {110, 111.1, 108.9, 110.55, 109.45});
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->value, 1.10, 0.005);
  EXPECT_NEAR(r->ci.level, 0.968, 0.001);
  EXPECT_TRUE(r->significant);
}

// At a true difference of 0 the interval excludes 1.0 in at most about 5% of trials.
TEST(Statistics, FalsePositiveRateStaysNearFivePercent) {
  std::mt19937_64 rng(42);
  int significant = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; ++t)
    significant += ratio(lognormal(rng, 5, 1.0, 0.01), lognormal(rng, 5, 1.0, 0.01))->significant ? 1 : 0;
  EXPECT_LE(significant, trials * 0.06);
}

// Table of statistics.md: n=5, sigma=0.5%, +2% is found in ~99.7% of trials; sigma=2% in ~21%.
TEST(Statistics, DetectionRateOfAKnownShift) {
  std::mt19937_64 rng(7);
  int found_small_noise = 0, found_large_noise = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; ++t) {
    found_small_noise += ratio(lognormal(rng, 5, 1.0, 0.005), lognormal(rng, 5, 1.02, 0.005))->significant;
    found_large_noise += ratio(lognormal(rng, 5, 1.0, 0.02), lognormal(rng, 5, 1.02, 0.02))->significant;
  }
  EXPECT_GE(found_small_noise, trials * 0.98);
  EXPECT_GE(found_large_noise, trials * 0.12);
  EXPECT_LE(found_large_noise, trials * 0.32);
}

// The Moses interval covers the true ratio in about 96.8% of trials at n = m = 5.
TEST(Statistics, RatioIntervalCoverage) {
  std::mt19937_64 rng(11);
  int covered = 0;
  const int trials = 2000;
  for (int t = 0; t < trials; ++t) {
    const auto r = ratio(lognormal(rng, 5, 1.0, 0.02), lognormal(rng, 5, 1.15, 0.02));
    covered += r->ci.lo <= 1.15 && 1.15 <= r->ci.hi ? 1 : 0;
  }
  EXPECT_GE(covered, trials * 0.95);
  EXPECT_LE(covered, trials * 0.985);
}

TEST(Statistics, NormalApproximationForLargeSamples) {
  std::mt19937_64 rng(3);
  const auto r = ratio(lognormal(rng, 60, 1.0, 0.01), lognormal(rng, 60, 1.05, 0.01));
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->value, 1.05, 0.01);
  EXPECT_TRUE(r->significant);
}

TEST(Statistics, BenjaminiHochberg) {
  const auto keep = benjamini_hochberg({0.001, 0.03, 0.012, 0.9}, 0.05);
  EXPECT_EQ(benjamini_hochberg({0.001, 0.04, 0.03, 0.9}), (std::vector<bool>{true, false, false, false}));
  EXPECT_EQ(keep, (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(benjamini_hochberg({0.2, 0.5}), (std::vector<bool>{false, false}));
}

}  // namespace
}  // namespace vcb::stats
