#pragma once
// A stream of jobs in submit order. Sources are pulled one job at a time, so a year of a large
// site's log is never held in memory: the simulator keeps only what is queued or running.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trace/job.h"
#include "util/result.h"

namespace vcb::sim {

class JobSource {
 public:
  virtual ~JobSource() = default;
  // The next job, nullopt at the end, or an Error naming FILE:LINE for bad input.
  virtual Result<std::optional<Job>> next() = 0;
  // One line for records and logs: where the jobs come from and how they were made.
  virtual std::string describe() const = 0;
};

// Hand-built traces (tests, examples): the jobs must already be in submit order.
class VectorSource : public JobSource {
 public:
  explicit VectorSource(std::vector<Job> jobs, std::string name = "hand-built trace")
      : jobs_(std::move(jobs)), name_(std::move(name)) {}
  Result<std::optional<Job>> next() override {
    if (at_ == jobs_.size()) return std::optional<Job>();
    return std::optional<Job>(jobs_[at_++]);
  }
  std::string describe() const override { return name_; }

 private:
  std::vector<Job> jobs_;
  std::string name_;
  size_t at_ = 0;
};

// A source with no jobs: a policy that has no batch (or no on-demand) class.
class EmptySource : public JobSource {
 public:
  Result<std::optional<Job>> next() override { return std::optional<Job>(); }
  std::string describe() const override { return "none"; }
};

}  // namespace vcb::sim
