#include "statistics.h"

#include <algorithm>
#include <cmath>

namespace vcb::g500 {

Summary summarize(std::vector<double> x) {
  Summary s;
  const size_t n = x.size();
  if (n == 0) return s;
  double sum = 0;
  for (double v : x) sum += v;
  s.mean = sum / static_cast<double>(n);
  if (n > 1) {
    double sq = 0;
    for (double v : x) sq += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(sq / static_cast<double>(n - 1));
  }
  std::sort(x.begin(), x.end());
  s.min = x.front();
  s.max = x.back();
  s.firstquartile = (x[(n - 1) / 4] + x[n / 4]) * 0.5;
  s.median = (x[(n - 1) / 2] + x[n / 2]) * 0.5;
  s.thirdquartile = (x[n - 1 - (n - 1) / 4] + x[n - 1 - n / 4]) * 0.5;
  return s;
}

HarmonicTeps harmonic_teps(const std::vector<double>& times, const std::vector<double>& nedges) {
  std::vector<double> secs_per_edge;
  for (size_t i = 0; i < times.size(); ++i) secs_per_edge.push_back(times[i] / nedges[i]);
  const Summary s = summarize(secs_per_edge);
  HarmonicTeps h;
  if (secs_per_edge.empty() || s.mean <= 0) return h;
  h.mean = 1.0 / s.mean;
  if (secs_per_edge.size() > 1)
    h.stddev = s.stddev / (s.mean * s.mean * std::sqrt(static_cast<double>(secs_per_edge.size() - 1)));
  return h;
}

}  // namespace vcb::g500
