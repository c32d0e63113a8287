#pragma once
// What vcb-osu prints and emits for one message size: an osu_*-style table line on rank 0 and one
// record (point = the size in bytes, its calibration key).
#include <cstddef>
#include <string>
#include <vector>

#include "method.h"
#include "vcb/kernel.h"

namespace osu {

struct SizeResult {
  std::size_t size = 0;
  Counts counts;
  bool counts_from_kernel = true;   // OSU's constants, not a count the harness passed with --iters
  std::vector<double> seconds;      // one timed loop per kept repetition
  std::vector<double> min_us, max_us;  // collectives only
  bool passed = false;              // the data check held on every rank, every repetition
  long bad = 0;                     // mismatches summed over ranks and repetitions
};

// OSU's reported number for one timed loop: one-way latency (us), bandwidth (MB/s, MB = 10^6) or
// the rank-average collective latency (us).
double osu_value(Op op, std::size_t size, int64_t iterations, double seconds);

void print_header(Op op, int ranks, int samples);
void print_line(Op op, const SizeResult& r);
void print_footer(int sizes, int failed);

vcb::Measurement measurement(Op op, const SizeResult& r, int ranks, int warmup);

}  // namespace osu
