#include "vcb/npb/rank_counts.h"

namespace vcb::npb {
namespace {

bool power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

std::string powers_of_two_up_to(int max) {
  std::string out;
  for (int p = 1; p <= max; p *= 2) out += (out.empty() ? "" : ", ") + std::to_string(p);
  return out;
}

}  // namespace

void require_power_of_two(const Kernel& k, int ranks, const std::string& kernel, int max,
                          const std::string& over_max) {
  if (!power_of_two(ranks))
    k.usage_error(kernel + " needs a power-of-two rank count (got " + std::to_string(ranks) +
                  "); use 1, 2, 4, 8, ...");
  if (ranks > max) k.usage_error(over_max);
}

void require_power_of_two_up_to(const Kernel& k, int ranks, int max, const std::string& who,
                                const std::string& bound) {
  if (!power_of_two(ranks) || ranks > max)
    k.usage_error(who + " needs a power-of-two rank count " + bound + " (" + powers_of_two_up_to(max) +
                  "), got " + std::to_string(ranks));
}

}  // namespace vcb::npb
