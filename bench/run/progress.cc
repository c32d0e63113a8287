#include "run/progress.h"

#include <unistd.h>

#include <cstdio>

#include "vcb/timer.h"

namespace vcb {

Progress::Progress(size_t total, size_t already_done)
    : total_(total), done_(already_done), tty_(isatty(STDOUT_FILENO) != 0) {}

std::string Progress::eta() const {
  if (timed_ == 0) return "";
  const double left = spent_s_ / static_cast<double>(timed_) * static_cast<double>(total_ - done_);
  char buf[48];
  if (left >= 60) std::snprintf(buf, sizeof buf, ", %dm%02ds left", static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  else std::snprintf(buf, sizeof buf, ", %ds left", static_cast<int>(left));
  return buf;
}

void Progress::begin(const std::string& what) {
  what_ = what;
  started_ns_ = now_ns();
  if (!tty_) return;
  std::printf("\r\033[K[%zu/%zu%s] %s", done_ + 1, total_, eta().c_str(), what.c_str());
  std::fflush(stdout);
}

void Progress::end(const std::string& outcome) {
  spent_s_ += seconds_since(started_ns_);
  ++timed_;
  ++done_;
  if (tty_ && outcome.find("FAILED") == std::string::npos) return;
  if (tty_) std::printf("\r\033[K");
  std::printf("[%zu/%zu] %s: %s\n", done_, total_, what_.c_str(), outcome.c_str());
  std::fflush(stdout);
}

void Progress::line(const std::string& text) {
  if (tty_) std::printf("\r\033[K");
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
}

void Progress::finish() {
  if (tty_) std::printf("\r\033[K");
  std::fflush(stdout);
}

}  // namespace vcb
