#pragma once
// What is running, n of m, and time left: one rewritten line on a terminal, plain lines otherwise.
#include <cstddef>
#include <cstdint>
#include <string>

namespace vcb {

class Progress {
 public:
  Progress(size_t total, size_t already_done);
  void begin(const std::string& what);
  void end(const std::string& outcome);
  void line(const std::string& text);  // a message that stays on screen
  void finish();

 private:
  std::string eta() const;
  size_t total_, done_, timed_ = 0;
  double spent_s_ = 0;
  int64_t started_ns_ = 0;
  std::string what_;
  bool tty_;
};

}  // namespace vcb
