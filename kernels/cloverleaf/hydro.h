#pragma once
// The timestep sequence of CloverLeaf 1.3's hydro loop, and the field summary it prints.
#include <functional>
#include <vector>

#include "chunk.h"
#include "deck.h"
#include "kernels.h"

namespace clover {

struct Summary {
  int step = 0;
  double time = 0.0;
  FieldSums sums;  // global sums (every rank holds them)
};

struct RunOptions {
  double perturb_dt = 1.0;  // test-only: scales every dt, so a drifted answer must fail validation
};

struct RunResult {
  std::vector<Summary> summaries;  // step 0, every summary_frequency, and the final step
  int steps = 0;
  bool ok = true;                  // false when dt fell below dtmin (the run stopped early)
  std::string error;
};

// Runs the deck on this rank's chunk (already placed); on_summary sees each summary as it happens.
RunResult run_hydro(Chunk& c, const Deck& deck, const RunOptions& opt,
                    const std::function<void(const Summary&)>& on_summary);

}  // namespace clover
