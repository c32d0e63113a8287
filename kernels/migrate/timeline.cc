#include "timeline.h"

#include <algorithm>

#include "dirty_workload.h"

namespace vcb::migrate {
namespace {

// An interval that lost more than this share of its length is part of a stall; less is the noise of
// sampling an idle guest's 100 ticks per second every 100 ms (one tick = 10%).
constexpr double stall_fraction = 0.2;

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

double lost_ms(double dt_s, double pages, double reference_pages_s) {
  if (reference_pages_s <= 0) return pages > 0 ? 0 : dt_s * 1e3;
  return std::max(0.0, (dt_s - pages / reference_pages_s) * 1e3);
}

Progress summarize(const std::vector<Sample>& samples, double migration_start_s) {
  Progress p;
  if (samples.size() < 2) return p;
  const double t0 = samples.front().t_s;
  std::vector<double> before;
  for (size_t i = 1; i < samples.size(); ++i) {
    const double dt = samples[i].t_s - samples[i - 1].t_s;
    const double pages = static_cast<double>(samples[i].counter) - static_cast<double>(samples[i - 1].counter);
    p.t_s.push_back(samples[i].t_s - t0);
    p.mb_s.push_back(dt > 0 ? pages * page_bytes / 1e6 / dt : 0);
    if (samples[i].t_s - t0 <= migration_start_s && dt > 0) before.push_back(pages / dt);
  }
  p.reference_pages_s = median_of(before);
  double run = 0;
  for (size_t i = 1; i < samples.size(); ++i) {
    const double dt = samples[i].t_s - samples[i - 1].t_s;
    const double pages = static_cast<double>(samples[i].counter) - static_cast<double>(samples[i - 1].counter);
    const double lost = lost_ms(dt, pages, p.reference_pages_s);
    run = lost > stall_fraction * dt * 1e3 ? run + lost : 0;
    p.longest_pause_ms = std::max({p.longest_pause_ms, lost, run});
  }
  return p;
}

nlohmann::json timeline_json(const std::vector<Sample>& samples, const Progress& p, double migration_start_s,
                             double migration_end_s) {
  nlohmann::json counter = nlohmann::json::array();
  for (size_t i = 1; i < samples.size(); ++i) counter.push_back(samples[i].counter);
  return {{"t_s", p.t_s}, {"mb_s", p.mb_s}, {"counter", counter}, {"migration_start_s", migration_start_s},
          {"migration_end_s", migration_end_s},
          {"reference_mb_s", p.reference_pages_s * page_bytes / 1e6}};
}

}  // namespace vcb::migrate
