#include "suite/benchmark_filter.h"

#include <algorithm>
#include <set>

namespace vcb {

Result<bool> keep_benchmarks(Suite& suite, const std::vector<std::string>& names) {
  if (names.empty()) return true;
  std::set<std::string> present;
  for (const auto& i : suite.instances) present.insert(i.benchmark);
  for (const auto& n : names) {
    if (present.count(n)) continue;
    std::string known;
    for (const auto& p : present) known += (known.empty() ? "" : ", ") + p;
    return Error{"--benchmark " + n + ": no such benchmark in " + suite.name + "; it has: " + known};
  }
  const auto dropped = [&](const Instance& i) { return std::find(names.begin(), names.end(), i.benchmark) == names.end(); };
  suite.instances.erase(std::remove_if(suite.instances.begin(), suite.instances.end(), dropped), suite.instances.end());
  return true;
}

}  // namespace vcb
