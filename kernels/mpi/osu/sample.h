#pragma once
// One repetition of an OSU loop for one message size, and what it measured.
#include <cstddef>

#include "buffer.h"
#include "method.h"

namespace osu {

struct Endpoint {
  Buffer& send;
  Buffer& recv;
  int rank = 0;
  int ranks = 1;
  bool perturb = false;  // rank 0 corrupts the data it sends, so the data check must fail
};

struct Sample {
  // Point-to-point: the timed loop on rank 0 (meaningful there only). Collectives: the rank
  // average of each rank's summed per-iteration times (the same on every rank).
  double seconds = 0;
  double min_us = 0, max_us = 0;  // collectives: per-rank average latency, min and max over ranks
  long bad = 0;                   // this rank's mismatched bytes/elements/counts in what it received
};

}  // namespace osu
