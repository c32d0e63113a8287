#pragma once
// The experiment matrix: every (repetition, instance, environment), repetitions outermost and
// environments innermost (A B C A B C), so drift over the run hits every environment alike.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "suite/suite.h"

namespace vcb {

struct Planned {
  int order = 0;
  int repetition = 1;  // 1-based
  std::string environment;
  size_t instance = 0;  // index into Suite::instances
  std::string key;      // "<env>|<instance key>|<repetition>": the resume key
};

// reps > 0: that many repetitions of everything; 0: each instance's own (its suite's) count.
std::vector<Planned> plan_matrix(const Suite& suite, const std::vector<std::string>& envs, int reps);
nlohmann::json matrix_json(const Suite& suite, const std::vector<Planned>& plan);

}  // namespace vcb
