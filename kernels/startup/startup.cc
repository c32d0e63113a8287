// vcb-startup: how long an environment takes to run a program. The launcher passes --t0, its
// CLOCK_MONOTONIC time just before it asked the environment to start the program; the first thing
// this kernel does is read the same clock, so the difference is the time to the first instruction
// (process creation, container or runtime setup, dynamic loading). Containers share the host's
// monotonic clock (no time namespace), which is what makes the difference meaningful; a launcher
// whose clock differs (a VM guest) must not pass --t0 and measures from its own side instead.
// One launch = one sample; the harness repeats launches as repetitions.
#include <cstdlib>
#include <string>

#include "vcb/kernel.h"
#include "vcb/timer.h"

int main(int argc, char** argv) {
  const int64_t first_instruction_ns = vcb::now_ns();
  vcb::Kernel k("startup", argc, argv);
  const std::string launch = k.param("launch", "cold");
  const std::string t0_text = k.option("t0", "");
  k.begin();
  if (t0_text == "unshared") {
    // A VM guest: its monotonic clock starts with the guest kernel, so it cannot be compared with a
    // host stamp. What it does say: in a fresh guest, how long the guest took from its kernel's
    // start to this program (the host-side to_exit covers the whole launch).
    vcb::Series s;
    s.iterations = 1;
    s.seconds = {first_instruction_ns * 1e-9};
    k.emit({.metric = "guest_clock_at_start", .unit = "ms", .better = vcb::Better::lower, .series = s,
            .values = {first_instruction_ns * 1e-6},
            .detail = {{"meaning", "in a fresh guest: guest kernel start to this program's first instruction"}},
            .passed = true,
            .validation = "the launcher's clock is not this program's: to_first_instruction is not measurable "
                          "here; to_exit is the host-side launch time"});
    return k.finish();
  }
  char* end = nullptr;
  const long long t0 = std::strtoll(t0_text.c_str(), &end, 10);
  if (t0_text.empty() || *end != '\0' || t0 <= 0) k.usage_error("--t0 wants the launcher's CLOCK_MONOTONIC ns");
  const double seconds = static_cast<double>(first_instruction_ns - t0) * 1e-9;
  vcb::Series s;
  s.iterations = 1;
  s.seconds = {seconds};
  const bool plausible = seconds > 0 && seconds < 600;
  k.emit({.metric = "to_first_instruction", .unit = "ms", .better = vcb::Better::lower, .series = s,
          .values = {seconds * 1e3},
          .detail = {{"t0_ns", t0}, {"first_instruction_ns", first_instruction_ns}},
          .passed = plausible,
          .validation = plausible ? "launch request precedes the first instruction on one monotonic clock"
                                  : "clock difference out of range: the launcher and this process do not share a clock"});
  return k.finish();
}
