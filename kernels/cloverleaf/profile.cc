// Per-kernel timers for --profile. Scopes are entered by the (serial) hydro driver only, so a plain
// vector needs no locking; CPU time is the calling thread's, i.e. the whole kernel at 1 thread.
#include "profile.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace clover::profile {
namespace {

struct Entry {
  const char* name;
  double wall = 0.0, cpu = 0.0;
  long calls = 0;
};

bool on = false;
std::vector<Entry> entries;

double now(clockid_t id) {
  timespec t{};
  clock_gettime(id, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

void enable() { on = true; }
bool enabled() { return on; }

Scope::Scope(const char* name) : name_(name) {
  if (!on) return;
  wall0_ = now(CLOCK_MONOTONIC);
  cpu0_ = now(CLOCK_THREAD_CPUTIME_ID);
}

Scope::~Scope() {
  if (!on) return;
  const double wall = now(CLOCK_MONOTONIC) - wall0_, cpu = now(CLOCK_THREAD_CPUTIME_ID) - cpu0_;
  auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return std::strcmp(e.name, name_) == 0; });
  if (it == entries.end()) it = entries.insert(entries.end(), Entry{name_});
  it->wall += wall;
  it->cpu += cpu;
  ++it->calls;
}

std::string report() {
  std::vector<Entry> sorted = entries;
  std::sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) { return a.wall > b.wall; });
  std::string out;
  char line[160];
  for (const Entry& e : sorted) {
    std::snprintf(line, sizeof line, " profile %-16s wall %8.3f s  thread cpu %8.3f s  calls %6ld\n", e.name, e.wall,
                  e.cpu, e.calls);
    out += line;
  }
  return out;
}

}  // namespace clover::profile
