#pragma once
// Distributed, untimed validation of one BFS parent array against the input tuples, by the five
// rules of the Graph500 specification:
//   1. the parent array is a tree rooted at the root (root's parent = root, no cycles: every
//      reached vertex leads to the root through its parents);
//   2. tree edges join vertices whose BFS levels differ by exactly one;
//   3. every input tuple joins vertices whose levels differ by at most one, or two unreached ones;
//   4. the tree spans the root's whole component (no tuple joins a reached and an unreached vertex);
//   5. every tree edge (parent(v), v) is an input tuple, in either direction.
// Levels are derived from the parent array (level(v) = level(parent(v)) + 1, computed outward
// from the root one level per round), so rule 2 is checked as that derivation succeeding and the
// real test of "breadth-first" is rule 3.
// It also counts the traversed edges for TEPS (Graph500 v3 convention, see nedge_twice).
#include <cstdint>
#include <string>
#include <vector>

#include "csr_graph.h"
#include "kronecker.h"

namespace vcb::g500 {

struct TreeCheck {
  // Violations summed over all ranks, by rule.
  int64_t bad_root = 0;        // rule 1: root not its own parent, or a parent outside [-1, N)
  int64_t not_rooted = 0;      // rule 1/2: reached vertex whose parent chain never reaches the root
  int64_t level_gap = 0;       // rule 3: input tuple spanning more than one level
  int64_t split_component = 0; // rule 4: input tuple with exactly one reached endpoint
  int64_t no_input_edge = 0;   // rule 5: tree edge that is not an input tuple
  int64_t reached = 0;         // vertices in the tree
  int64_t depth = 0;           // largest level
  // Twice the v3 TEPS edge count: 2 per self-loop tuple on a reached vertex plus 1 per reached
  // endpoint of every other tuple (the spec's "self-loops + half the non-self-loop tuples" in the
  // traversed component), kept integral so it sums exactly across ranks.
  int64_t nedge_twice = 0;

  bool ok() const { return bad_root + not_rooted + level_gap + split_component + no_input_edge == 0; }
  double nedge() const { return static_cast<double>(nedge_twice) / 2.0; }
  std::string describe() const;  // one line, the counts by rule
};

// Collective; the result is identical on every rank.
TreeCheck validate_tree(const CsrGraph& g, const std::vector<Edge>& tuples, int64_t root,
                        const std::vector<int64_t>& parent);

}  // namespace vcb::g500
