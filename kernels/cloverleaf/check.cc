#include "check.h"

#include <cmath>
#include <cstdio>

namespace clover {

double expected_kinetic_energy(int test_problem) {
  switch (test_problem) {  // CloverLeaf_ref field_summary.f90 (1-5) and the UoB-HPC driver (287, 487, 168)
    case 1: return 1.82280367310258;
    case 2: return 1.19316898756307;
    case 3: return 2.58984003503994;
    case 4: return 0.307475452287895;
    case 5: return 4.85350315783719;
    case 287: return 6.062609e-01;
    case 487: return 6.088288e-01;
    case 168: return 2.465082e-02;
    default: return 0.0;
  }
}

namespace {

bool finite(const FieldSums& s) {
  return std::isfinite(s.vol) && std::isfinite(s.mass) && std::isfinite(s.ie) && std::isfinite(s.ke) &&
         std::isfinite(s.press);
}

std::string fmt(const char* f, double a, double b = 0.0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

// Reflective walls conserve mass to round-off; total energy only drifts slowly (artificial viscosity).
Verdict conservation(const FieldSums& first, const FieldSums& last) {
  const double dm = std::abs(last.mass - first.mass) / first.mass;
  const double e0 = first.ie + first.ke, e1 = last.ie + last.ke;
  const double de = std::abs(e1 - e0) / e0;
  const bool ok = dm < 1e-8 && de < 0.05;
  return {ok, "no reference value for this deck; " + fmt("mass change %.3e (< 1e-8), total energy change %.3e (< 5e-2)", dm, de), -1.0};
}

}  // namespace

Verdict check_run(const Deck& deck, const RunResult& run) {
  if (!run.ok) return {false, run.error, -1.0};
  if (run.summaries.empty()) return {false, "no field summary", -1.0};
  const FieldSums& last = run.summaries.back().sums;
  if (!finite(last)) return {false, "non-finite field summary", -1.0};
  const double expected = expected_kinetic_energy(deck.test_problem);
  if (expected == 0.0) return conservation(run.summaries.front().sums, last);
  const double qa_diff = std::abs(100.0 * (last.ke / expected) - 100.0);
  const bool ok = qa_diff < 0.001;
  Verdict v{ok, "test problem " + std::to_string(deck.test_problem) + ": final kinetic energy " +
                    fmt("%.16e vs expected %.15g", last.ke, expected) + fmt(", %.6e %% off", qa_diff) +
                    (ok ? " (< 0.001 %, PASSED)" : " (>= 0.001 %, NOT PASSED)"),
            qa_diff};
  return v;
}

}  // namespace clover
