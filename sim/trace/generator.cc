#include "trace/generator.h"

#include <cstdio>

namespace vcb::sim {

std::string StreamSpec::describe() const {
  char buf[512];
  std::snprintf(
      buf, sizeof buf,
      "%s: seed %llu, %lld jobs, Poisson arrivals every %.0f s on average, sizes %s %lld-%lld nodes, "
      "run times log-uniform %.0f-%.0f s, requested time = run time x U[1, %.1f]",
      name.c_str(), static_cast<unsigned long long>(seed), static_cast<long long>(count), mean_interarrival_s,
      pow2_sizes ? "2^k (k uniform)" : "uniform", static_cast<long long>(size_min),
      static_cast<long long>(size_max), runtime_min_s, runtime_max_s, overestimate_max);
  return buf;
}

int64_t GeneratedSource::draw_size() {
  if (!spec_.pow2_sizes) return rng_.between(spec_.size_min, spec_.size_max);
  int lo = 0, hi = 0;
  while ((int64_t{1} << lo) < spec_.size_min) ++lo;
  while ((int64_t{1} << (hi + 1)) <= spec_.size_max) ++hi;
  return int64_t{1} << rng_.between(lo, hi);
}

Result<std::optional<Job>> GeneratedSource::next() {
  if (made_ == spec_.count) return std::optional<Job>();
  // The first job arrives at 0, as SWF logs start; the others after exponential gaps.
  if (made_ > 0) clock_ += rng_.exponential(spec_.mean_interarrival_s);
  Job j;
  j.id = ++made_;
  j.submit = static_cast<int64_t>(clock_);
  j.size = draw_size();
  j.runtime = std::max<int64_t>(1, std::llround(rng_.log_uniform(spec_.runtime_min_s, spec_.runtime_max_s)));
  const double factor = 1.0 + rng_.uniform() * (spec_.overestimate_max - 1.0);
  j.estimate = std::max(j.runtime, static_cast<int64_t>(std::ceil(static_cast<double>(j.runtime) * factor)));
  return std::optional<Job>(j);
}

std::string swf_line(const Job& j) {
  char buf[256];
  // 1 job, 2 submit, 3 wait, 4 run, 5 procs, 6 cpu, 7 mem, 8 req procs, 9 req time, 10 req mem,
  // 11 status (1 = completed), 12 user, 13 group, 14 app, 15 queue, 16 partition, 17 prev, 18 think
  std::snprintf(buf, sizeof buf, "%lld %lld -1 %lld %lld -1 -1 %lld %lld -1 1 -1 -1 -1 -1 -1 -1 -1",
                static_cast<long long>(j.id), static_cast<long long>(j.submit),
                static_cast<long long>(j.runtime), static_cast<long long>(j.size),
                static_cast<long long>(j.size), static_cast<long long>(j.estimate));
  return buf;
}

}  // namespace vcb::sim
