#include "suite/thread_sweep.h"

#include <set>

namespace vcb {

std::vector<int> thread_sweep(int cores) {
  std::vector<int> counts;
  for (int t = 1; t < cores; t *= 2) counts.push_back(t);
  counts.push_back(std::max(1, cores));
  return counts;
}

Result<int> apply_threads(Suite& suite, const std::vector<int>& requested, int cores) {
  for (int t : requested)
    if (t < 1) return Error{"--threads wants counts of at least 1"};
  bool any = false;
  std::vector<Instance> out;
  std::set<std::string> keys;
  for (const auto& i : suite.instances) {
    const bool threaded = i.params.contains("threads");
    const bool sweep = threaded && i.params["threads"] == "sweep";
    if (!threaded || (!sweep && requested.empty())) {
      out.push_back(i);
      continue;
    }
    if (!sweep && !i.params["threads"].is_number_integer())
      return Error{suite.file + ": " + i.benchmark + " threads must be a count or \"sweep\""};
    any = true;
    for (int t : requested.empty() ? thread_sweep(cores) : requested) {
      Instance p = i;
      p.params["threads"] = t;
      if (keys.insert(p.key()).second) out.push_back(std::move(p));
    }
  }
  if (!requested.empty() && !any)
    return Error{"--threads applies to benchmarks with a threads parameter (scaleup, cloverleaf, comd); " +
                 suite.name + " has none"};
  suite.instances = std::move(out);
  return 0;
}

}  // namespace vcb
