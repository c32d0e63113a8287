#pragma once
// The run's own check: CloverLeaf's test-problem gate on the final kinetic energy for the standard
// decks, and conservation/finiteness for decks without a known answer.
#include <string>

#include "hydro.h"

namespace clover {

struct Verdict {
  bool passed = false;
  std::string detail;
  double qa_diff_percent = -1.0;  // -1 when the deck has no reference value
};

// Expected final KE of a test problem, or 0 when unknown.
double expected_kinetic_energy(int test_problem);
Verdict check_run(const Deck& deck, const RunResult& run);

}  // namespace clover
