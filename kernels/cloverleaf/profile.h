#pragma once
// Optional per-kernel timing of the hydro loop (--profile): wall and calling-thread CPU seconds per
// kernel, so a loaded host (wall up, CPU not) can be told apart from slow code. Off by default.
#include <string>

namespace clover::profile {

void enable();
bool enabled();

// Times the enclosing scope under `name` when profiling is on (a static string).
class Scope {
 public:
  explicit Scope(const char* name);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  const char* name_;
  double wall0_ = 0.0, cpu0_ = 0.0;
};

std::string report();  // one line per kernel, largest first

}  // namespace clover::profile
