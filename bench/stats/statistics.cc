#include "stats/statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "vcb/median.h"

namespace vcb::stats {
namespace {

// Number of arrangements with U = u for sample sizes n, m (classic recurrence, counted in doubles).
std::vector<double> mann_whitney_counts(int n, int m) {
  // f[i][j][u]: built incrementally over (i, j) with rolling tables.
  std::vector<std::vector<std::vector<double>>> f(n + 1, std::vector<std::vector<double>>(m + 1));
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= m; ++j) {
      auto& cell = f[i][j];
      cell.assign(static_cast<size_t>(i * j) + 1, 0.0);
      if (i == 0 || j == 0) { cell[0] = 1; continue; }
      const auto& drop_a = f[i - 1][j];  // largest value belongs to a: it beats all j of b
      const auto& drop_b = f[i][j - 1];
      for (size_t u = 0; u < cell.size(); ++u) {
        if (u >= static_cast<size_t>(j) && u - j < drop_a.size()) cell[u] += drop_a[u - j];
        if (u < drop_b.size()) cell[u] += drop_b[u];
      }
    }
  return f[n][m];
}

// Above this many pairs the exact tables grow as n*m*(n*m) and the normal approximation is accurate.
constexpr int exact_limit = 1600;

double binomial(int n, int k) {
  double r = 1;
  for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

}  // namespace

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

Spread spread(const std::vector<double>& v) {
  if (v.empty()) return {};
  const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  return {*mn, *mx, quantile(v, 0.25), quantile(v, 0.75)};
}

std::optional<Interval> bootstrap_median_ci(const std::vector<double>& v, double level, int resamples,
                                            uint64_t seed) {
  if (v.size() < 2) return std::nullopt;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, v.size() - 1);
  std::vector<double> medians(static_cast<size_t>(resamples)), sample(v.size());
  for (auto& m : medians) {
    for (auto& s : sample) s = v[pick(rng)];
    m = vcb::median(sample);
  }
  const double tail = (1 - level) / 2;
  return Interval{quantile(medians, tail), quantile(medians, 1 - tail), level,
                  "percentile bootstrap, " + std::to_string(resamples) + " resamples"};
}

double order_statistic_level(int n, int k) {
  double tail = 0;
  for (int i = 0; i < k; ++i) tail += binomial(n, i);
  return 1 - 2 * tail / std::pow(2.0, n);
}

std::vector<double> mann_whitney_cdf_table(int n, int m) {
  std::vector<double> cdf = mann_whitney_counts(n, m);
  std::partial_sum(cdf.begin(), cdf.end(), cdf.begin());
  for (double& c : cdf) c /= cdf.back();
  return cdf;
}

double mann_whitney_cdf(int n, int m, int u) {
  if (u < 0) return 0;
  if (n * m > exact_limit) {  // normal approximation with continuity correction
    const double mean = n * m / 2.0, sd = std::sqrt(n * m * (n + m + 1) / 12.0);
    return 0.5 * std::erfc(-((u + 0.5 - mean) / sd) / std::sqrt(2.0));
  }
  const auto cdf = mann_whitney_cdf_table(n, m);
  return cdf[static_cast<size_t>(std::min(u, n * m))];
}

std::optional<Ratio> ratio(const std::vector<double>& a, const std::vector<double>& b, double level) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (n < 2 || m < 2) return std::nullopt;
  auto positive = [](double x) { return x > 0 && std::isfinite(x); };
  if (!std::all_of(a.begin(), a.end(), positive) || !std::all_of(b.begin(), b.end(), positive)) return std::nullopt;

  std::vector<double> diffs;
  int u_b_above = 0;  // U statistic: pairs where b exceeds a (ties count half, rounded down)
  for (double x : a)
    for (double y : b) {
      diffs.push_back(std::log(y) - std::log(x));
      if (y > x) ++u_b_above;
    }
  std::sort(diffs.begin(), diffs.end());
  // C = largest U whose two-sided p <= alpha; the interval is the (C+1)-th smallest/largest difference.
  const double alpha = 1 - level;
  const std::vector<double> cdf = n * m > exact_limit ? std::vector<double>{} : mann_whitney_cdf_table(n, m);
  auto cdf_at = [&](int u) { return cdf.empty() ? mann_whitney_cdf(n, m, u) : (u < 0 ? 0.0 : cdf[static_cast<size_t>(u)]); };
  int c = -1;
  while (c + 1 < n * m / 2 && 2 * cdf_at(c + 1) <= alpha) ++c;
  if (c < 0) return std::nullopt;

  Ratio r;
  r.value = std::exp(vcb::median(diffs));
  const size_t k = static_cast<size_t>(c);
  r.ci = {std::exp(diffs[k]), std::exp(diffs[diffs.size() - 1 - k]), 1 - 2 * cdf_at(c),
          "Hodges-Lehmann with exact Moses interval on log values"};
  const int u_low = std::min(u_b_above, n * m - u_b_above);
  r.p_value = std::min(1.0, 2 * cdf_at(u_low));
  r.significant = r.ci.lo > 1.0 || r.ci.hi < 1.0;
  return r;
}

std::vector<bool> benjamini_hochberg(const std::vector<double>& p, double q) {
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return p[x] < p[y]; });
  size_t cutoff = 0;  // largest rank k with p(k) <= k/m * q
  for (size_t k = 1; k <= order.size(); ++k)
    if (p[order[k - 1]] <= static_cast<double>(k) / static_cast<double>(p.size()) * q) cutoff = k;
  std::vector<bool> keep(p.size(), false);
  for (size_t k = 0; k < cutoff; ++k) keep[order[k]] = true;
  return keep;
}

}  // namespace vcb::stats
