#include "trust/trust.h"

#include <glob.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "vcb/context.h"
#include "vcb/timer.h"

namespace vcb {
namespace {

// A measurement is flagged when other processes used more than this share of the CPUs it could use.
constexpr double disturbed_share = 0.10;

void read_proc_stat(TrustSample& s) {
  std::ifstream in("/proc/stat");
  std::string cpu;
  long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  s.busy_s = static_cast<double>(user + nice + system + irq + softirq) / hz;
  s.steal_s = static_cast<double>(steal) / hz;
}

long long vmstat(const std::string& key) {
  std::ifstream in("/proc/vmstat");
  std::string k;
  long long v;
  while (in >> k >> v)
    if (k == key) return v;
  return -1;
}

std::optional<long long> throttle_count() {
  glob_t g{};
  if (glob("/sys/devices/system/cpu/cpu*/thermal_throttle/*_throttle_count", 0, nullptr, &g) != 0) {
    globfree(&g);
    return std::nullopt;
  }
  long long total = 0;
  for (size_t i = 0; i < g.gl_pathc; ++i) total += std::atoll(read_first_line(g.gl_pathv[i]).c_str());
  globfree(&g);
  return total;
}

double self_cpu_s() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}


}  // namespace

TrustSample sample_trust() {
  TrustSample s;
  s.wall_s = static_cast<double>(now_ns()) * 1e-9;
  read_proc_stat(s);
  s.self_s = self_cpu_s();
  std::ifstream("/proc/loadavg") >> s.load1;
  s.pswpin = vmstat("pswpin");
  s.throttle = throttle_count();
  return s;
}

nlohmann::json trust_delta(const TrustSample& before, const TrustSample& after, double children_cpu_s, int cpus) {
  const double wall = after.wall_s - before.wall_s;
  // /proc/stat ticks at 1/HZ: clamp the rounding noise of short measurements at zero.
  const double other = std::max(0.0, (after.busy_s - before.busy_s) - children_cpu_s - (after.self_s - before.self_s));
  const double share = wall > 0 && cpus > 0 ? other / (wall * cpus) : 0;
  nlohmann::json out = {{"wall_s", wall},
                        {"other_cpu_s", other},
                        {"other_load", share},
                        {"steal_s", after.steal_s - before.steal_s},
                        {"load1_before", before.load1},
                        {"load1_after", after.load1},
                        {"swap_ins", before.pswpin < 0 || after.pswpin < 0 ? nlohmann::json(nullptr)
                                                                          : nlohmann::json(after.pswpin - before.pswpin)},
                        {"throttle_events", nullptr}};
  if (before.throttle && after.throttle) out["throttle_events"] = *after.throttle - *before.throttle;
  const bool swapped = out["swap_ins"].is_number() && out["swap_ins"].get<long long>() > 0;
  const bool throttled = out["throttle_events"].is_number() && out["throttle_events"].get<long long>() > 0;
  out["disturbed"] = share > disturbed_share || swapped || throttled;
  return out;
}

}  // namespace vcb
