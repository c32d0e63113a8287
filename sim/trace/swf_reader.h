#pragma once
// Standard Workload Format (Parallel Workloads Archive, version 2.2): one job per line, 18
// whitespace-separated fields, -1 where a value is unknown, ';' header comments. The reader streams
// the file line by line and turns each line into a Job, or stops at the first bad line with an
// error naming FILE:LINE, because a silently skipped job would change every metric downstream.
#include <cstdint>
#include <fstream>
#include <string>

#include "trace/source.h"

namespace vcb::sim {

// Why some lines became no job: the archive's own conventions, reported, never an error.
struct SwfSkips {
  int64_t no_runtime = 0;  // run time -1: the job never ran (cancelled before start)
  int64_t zero_size = 0;   // 0 processors: nothing to place
};

// Parses one data line (no comment); `where` is "FILE:LINE" for the messages.
Result<std::optional<Job>> parse_swf_line(const std::string& text, const std::string& where, SwfSkips& skips);

class SwfReader : public JobSource {
 public:
  static Result<std::unique_ptr<SwfReader>> open(const std::string& path);
  Result<std::optional<Job>> next() override;
  std::string describe() const override;
  const SwfSkips& skips() const { return skips_; }

 private:
  explicit SwfReader(std::string path) : path_(std::move(path)), in_(path_) {}

  std::string path_;
  std::ifstream in_;
  int64_t line_ = 0;
  int64_t jobs_ = 0;
  int64_t last_submit_ = 0;
  SwfSkips skips_;
};

}  // namespace vcb::sim
