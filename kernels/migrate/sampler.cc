#include "sampler.h"

#include <unistd.h>

#include <algorithm>
#include <optional>

#include "common/subprocess.h"
#include "migration_figures.h"
#include "vcb/timer.h"

namespace vcb::migrate {
namespace {

std::optional<uint64_t> read_counter(QmpClient& qmp, uint64_t address) {
  const auto r = qmp.execute("human-monitor-command", {{"command-line", xp_command(address)}}, 1.0);
  unsigned long long v = 0;
  if (!r.ok || !r.value.is_string() || !parse_xp_word(r.value.get<std::string>(), v)) return std::nullopt;
  return v;
}

}  // namespace

void Sampler::sample(QmpClient& qmp) {
  const double t = now_s();
  if (next_ == 0) next_ = t;  // the schedule starts at the first sample
  // The count only grows; a smaller one would be a page read before it was current.
  auto c = read_counter(qmp, address_);
  if (c && (samples_.empty() || *c >= samples_.back().counter)) samples_.push_back({t, *c});
}

void Sampler::sample_for(QmpClient& qmp, double seconds) {
  const double end = now_s() + seconds;
  while (now_s() < end && !interrupted()) {
    sample(qmp);
    pause_until_next();
  }
}

void Sampler::pause_until_next() {
  next_ = std::max(next_ + sample_period_s, now_s());
  const double wait = next_ - now_s();
  if (wait > 0) usleep(static_cast<useconds_t>(wait * 1e6));
}

double Sampler::now_s() { return static_cast<double>(now_ns()) * 1e-9; }

}  // namespace vcb::migrate
