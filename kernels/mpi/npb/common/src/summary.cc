#include "vcb/npb/summary.h"

#include <cstdarg>
#include <cstdio>

namespace vcb::npb {
namespace {

const char* verdict(bool passed) { return passed ? "SUCCESSFUL" : "UNSUCCESSFUL"; }

}  // namespace

void print_heading(const char* kernel) { std::printf("\n NAS-style %s benchmark (vcbench)\n\n", kernel); }

void print_row(const char* label, const char* format, ...) {
  std::printf(" %-26s= ", label);
  va_list args;
  va_start(args, format);
  std::vprintf(format, args);
  va_end(args);
  std::printf("\n");
}

void print_outcome(const Outcome& o) {
  print_row("Time in seconds", "%.4f", o.seconds);
  print_row("Mop/s total", "%.2f", o.mops);
  print_row("Verification", "%s", verdict(o.passed));
}

void print_banner(const char* kernel) {
  std::printf("\n NAS Parallel Benchmarks (vcbench MPI) - %s Benchmark\n\n", kernel);
}

void print_results(const Problem& p, const Outcome& o, const std::string& measure) {
  std::printf("\n Class           = %24c\n", p.class_name);
  std::printf(" Size            = %24s\n", p.size.c_str());
  std::printf(" Iterations      = %24d\n", p.iterations);
  std::printf(" Time in seconds = %24.6f\n", o.seconds);
  std::printf(" Total processes = %24d\n", p.ranks);
  std::printf(" Mop/s total     = %24.2f\n", o.mops);
  std::printf(" Mop/s/process   = %24.2f\n", o.mops / p.ranks);
  std::printf(" Verification = %s (%s)\n\n", verdict(o.passed), measure.c_str());
}

}  // namespace vcb::npb
