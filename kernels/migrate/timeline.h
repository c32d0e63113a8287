#pragma once
// The workload's progress on the host's clock: counter samples (pages written) taken every ~100 ms
// from whichever QEMU runs the guest, turned into a throughput series and the longest pause.
// Pure functions (tested without QEMU).
#include <nlohmann/json.hpp>
#include <cstdint>
#include <vector>

namespace vcb::migrate {

struct Sample {
  double t_s = 0;        // host CLOCK_MONOTONIC seconds (any origin; the record uses the first sample's)
  uint64_t counter = 0;  // pages the workload has written
};

struct Progress {
  std::vector<double> t_s;   // end of each interval, relative to the first sample
  std::vector<double> mb_s;  // MB/s (10^6 bytes) written over each interval
  double reference_pages_s = 0;  // median rate before the migration: what "no pause" looks like
  double longest_pause_ms = 0;
};

// The time the workload lost over one interval: its length minus the time the pages it wrote take
// at the reference rate (0 when it kept up).
double lost_ms(double dt_s, double pages, double reference_pages_s);

// Intervals ending at or before migration_start_s give the reference rate. The longest pause is the
// largest lost time of one interval, or the summed lost time of a run of consecutive intervals that
// each lost more than a fifth of their length (a stall longer than the sampling period spans several,
// and its first and last interval lose only part). Without a reference (the workload made no
// progress before), lost time is the time without progress.
Progress summarize(const std::vector<Sample>& samples, double migration_start_s);

// {"t_s": [...], "mb_s": [...], "counter": [...], "migration_start_s": a, "migration_end_s": b,
//  "reference_mb_s": r}: the record's timeline, on the first sample's clock.
nlohmann::json timeline_json(const std::vector<Sample>& samples, const Progress& p, double migration_start_s,
                             double migration_end_s);

}  // namespace vcb::migrate
