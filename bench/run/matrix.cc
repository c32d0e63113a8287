#include "run/matrix.h"

#include <algorithm>

namespace vcb {

std::vector<Planned> plan_matrix(const Suite& suite, const std::vector<std::string>& envs, int reps) {
  std::vector<Planned> plan;
  // reps > 0 overrides every instance's own count (the command line's --reps).
  int most = reps;
  for (const auto& i : suite.instances) most = std::max(most, i.reps);
  for (int rep = 1; rep <= most; ++rep)
    for (size_t i = 0; i < suite.instances.size(); ++i) {
      if (rep > (reps > 0 ? reps : suite.instances[i].reps)) continue;
      for (const auto& env : envs) {
        const std::string key = env + "|" + suite.instances[i].key() + "|" + std::to_string(rep);
        plan.push_back({static_cast<int>(plan.size()), rep, env, i, key});
      }
    }
  return plan;
}

nlohmann::json matrix_json(const Suite& suite, const std::vector<Planned>& plan) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : plan)
    out.push_back({{"order", p.order}, {"repetition", p.repetition}, {"environment", p.environment},
                   {"instance", suite.instances[p.instance].key()}, {"measurement", p.key}});
  return out;
}

}  // namespace vcb
