#pragma once
// The report rank 0 prints, in the two layouts the kernels use: EP, CG and IS a list of
// "label = value" rows; MG and FT the block of NPB's own print_results. Both end with the
// "Verification = SUCCESSFUL" verdict that readers of NPB output look for.
#include <string>

#include "vcb/npb/outcome.h"

namespace vcb::npb {

// EP, CG, IS. print_heading("EP") prints "NAS-style EP benchmark (vcbench)"; rows align their
// values after 26 columns of label; print_outcome adds the time, Mop/s and verdict rows.
void print_heading(const char* kernel);
void print_row(const char* label, const char* format, ...) __attribute__((format(printf, 2, 3)));
void print_outcome(const Outcome& o);

// MG, FT. print_banner("MG") prints "NAS Parallel Benchmarks (vcbench MPI) - MG Benchmark";
// print_results prints the print_results block after a blank line, its verdict followed by
// `measure` in parentheses (which error was checked against which tolerance).
struct Problem {
  char class_name;
  std::string size;  // "NXxNYxNZ"
  int iterations;
  int ranks;
};
void print_banner(const char* kernel);
void print_results(const Problem& p, const Outcome& o, const std::string& measure);

}  // namespace vcb::npb
