#pragma once

namespace vcb::npb {

// What a run comes to, both in the printed report and in the record.
struct Outcome {
  double seconds = 0;   // the timed section, slowest rank
  double mops = 0;      // by the kernel's official operation count
  bool passed = false;  // verification held on every rank
};

}  // namespace vcb::npb
