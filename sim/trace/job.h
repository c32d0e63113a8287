#pragma once
// One unit of work as the simulator sees it: a batch job from an SWF trace or an on-demand lease
// request from an SWF-like stream. Times are whole seconds and sizes whole nodes, so every
// node-second sum is an exact integer and the conservation check can demand equality.
#include <cstdint>

namespace vcb::sim {

enum class JobClass { batch, od };

struct Job {
  int64_t id = 0;        // SWF field 1 (job number), or the generator's counter
  int64_t submit = 0;    // arrival time, s
  int64_t runtime = 1;   // how long it really runs, s (>= 1)
  int64_t estimate = 1;  // what the scheduler is told (SWF requested time), s; >= runtime
  int64_t size = 1;      // nodes (SWF processors: the allocation unit of the trace)
  int64_t line = 0;      // source line in a trace file, 0 when generated
};

}  // namespace vcb::sim
