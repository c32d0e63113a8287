#include "vcb/affinity.h"

#include <sched.h>

namespace vcb {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

int current_cpu() { return sched_getcpu(); }

bool pin_to(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus) CPU_SET(c, &set);
  return !cpus.empty() && sched_setaffinity(0, sizeof set, &set) == 0;
}

bool pin_to(int cpu) { return pin_to(std::vector<int>{cpu}); }

std::optional<PartyCpus> two_party_cpus(const std::string& placement) {
  const auto cpus = allowed_cpus();
  if (cpus.empty()) return std::nullopt;
  if (placement == "same") return PartyCpus{cpus[0], cpus[0]};
  if (placement == "cross" && cpus.size() >= 2) return PartyCpus{cpus[0], cpus[1]};
  return std::nullopt;
}

}  // namespace vcb
