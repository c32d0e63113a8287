#pragma once
// The discrete-event simulation of one policy on one workload: batch jobs and on-demand requests
// are pulled from their sources as their arrival times come, so memory holds only what is queued
// or running. Deterministic: the same inputs give the same Outcome.
#include <functional>

#include "engine/policy.h"
#include "metrics/outcome.h"
#include "trace/source.h"

namespace vcb::sim {

// What happened to one job, for tests and tracing: starts, ends, preemptions, rejections.
struct ScheduleEvent {
  enum class Kind { start, end, preempt, reject };
  Kind kind = Kind::start;
  JobClass cls = JobClass::batch;
  int64_t id = 0;  // the job's id (SWF job number)
  int64_t time = 0;
  int64_t size = 0;
};
using Observer = std::function<void(const ScheduleEvent&)>;

// Errors: bad input (a trace's FILE:LINE, an impossible policy) with exit code 2.
Result<Outcome> simulate(const Policy& policy, JobSource& batch, JobSource& od, const Observer& observe = {});

}  // namespace vcb::sim
