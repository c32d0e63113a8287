#pragma once
// NPB's timing rule: the ranks start together at a barrier, and a run takes as long as its
// slowest rank.

namespace vcb::npb {

class Stopwatch {
 public:
  Stopwatch();             // collective: every rank must construct one at the same point
  double seconds() const;  // collective: the slowest rank's time since construction
 private:
  double start_;
};

}  // namespace vcb::npb
