#include "vcb/timing.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace vcb {
namespace {

constexpr int64_t max_iterations = int64_t{1} << 40;

// Collects the per-repetition runs of one Google Benchmark family; aggregates are ignored because
// vcbench computes its own statistics over repetitions of whole processes.
class CollectingReporter : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.run_type != Run::RT_Iteration) continue;
      if (r.error_occurred) error = r.error_message.empty() ? "operation failed" : r.error_message;
      else runs_.push_back({static_cast<int64_t>(r.iterations), r.real_accumulated_time});
    }
  }
  struct Interval { int64_t iterations; double seconds; };
  std::vector<Interval> runs_;
  std::string error;
};

CollectingReporter run_family(const std::function<void(benchmark::State&)>& body, int64_t iterations,
                              int repetitions, double min_time) {
  CollectingReporter reporter;
  auto* b = benchmark::RegisterBenchmark("vcb", [&body](benchmark::State& s) { body(s); });
  b->UseRealTime()->Repetitions(repetitions)->ReportAggregatesOnly(false);
  if (iterations > 0) b->Iterations(iterations);
  else b->MinTime(min_time);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();
  return reporter;
}

// Grows n until one interval lasts at least the target, as Google Benchmark does for in-process work.
int64_t calibrate_manual(double target, const std::function<double(int64_t)>& interval, std::string& error) {
  // A cold first operation (page faults, a sleeping CPU waking up) would make n far too small.
  if (interval(1) < 0) { error = "operation failed during calibration"; return 0; }
  int64_t n = 1;
  while (n < max_iterations) {
    const double t = interval(n);
    if (t < 0) { error = "operation failed during calibration"; return 0; }
    if (t >= target) return n;
    const double grow = t > target / 100 ? 1.2 * target / t : 10.0;
    n = std::max(n + 1, static_cast<int64_t>(std::ceil(static_cast<double>(n) * grow)));
  }
  return max_iterations;
}

}  // namespace

int64_t Plan::iterations_for(const std::string& point) const {
  auto it = iterations.find(point);
  if (it != iterations.end()) return it->second;
  it = iterations.find("");
  return iterations.size() == 1 && it != iterations.end() ? it->second : 0;
}

std::vector<double> Series::per_op(double scale) const {
  std::vector<double> out;
  for (double s : seconds) out.push_back(s / static_cast<double>(iterations) * scale);
  return out;
}

std::vector<double> Series::rate(double units_per_op) const {
  std::vector<double> out;
  for (double s : seconds) out.push_back(units_per_op * static_cast<double>(iterations) / s);
  return out;
}

Series time_gbench(const Plan& plan, const std::string& point,
                   const std::function<void(benchmark::State&)>& body) {
  Series series;
  int64_t n = plan.iterations_for(point);
  if (n <= 0) {
    // Calibrated twice, keeping the larger count: one preempted first iteration can otherwise make
    // Google Benchmark settle on n = 1.
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto cal = run_family(body, 0, 1, plan.target_seconds);
      if (!cal.error.empty() || cal.runs_.empty()) { series.error = cal.error; return series; }
      n = std::max(n, static_cast<int64_t>(cal.runs_.back().iterations));
    }
    series.calibrated_here = true;
  }
  series.iterations = n;
  auto measured = run_family(body, n, plan.warmup + plan.samples, 0);
  series.error = measured.error;
  for (size_t i = static_cast<size_t>(plan.warmup); i < measured.runs_.size(); ++i)
    series.seconds.push_back(measured.runs_[i].seconds);
  return series;
}

Series time_manual(const Plan& plan, const std::string& point, const std::function<double(int64_t)>& interval) {
  Series series;
  int64_t n = plan.iterations_for(point);
  if (n <= 0) {
    n = calibrate_manual(plan.target_seconds, interval, series.error);
    if (n <= 0) return series;
    series.calibrated_here = true;
  }
  series.iterations = n;
  for (int i = 0; i < plan.warmup + plan.samples; ++i) {
    const double t = interval(n);
    if (t < 0) { series.error = "operation failed"; series.seconds.clear(); return series; }
    if (i >= plan.warmup) series.seconds.push_back(t);
  }
  return series;
}

bool parse_iterations(const std::string& text, std::map<std::string, int64_t>& out) {
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    const std::string key = eq == std::string::npos ? "" : item.substr(0, eq);
    const std::string num = eq == std::string::npos ? item : item.substr(eq + 1);
    try {
      size_t used = 0;
      const long long n = std::stoll(num, &used);
      if (used != num.size() || n <= 0) return false;
      out[key] = n;
    } catch (const std::exception&) {  // stoll: not a number or out of range
      return false;
    }
  }
  return !out.empty();
}

}  // namespace vcb
