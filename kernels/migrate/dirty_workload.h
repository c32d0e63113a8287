#pragma once
// The guest's workload during a migration: `vcb-migrate dirty --mb-s N --working-set-mb W
// [--daemon]`, run inside the guest through the agent. It dirties N MB/s of a W MB working set
// (one 8-byte store per 4 KB page: enough to dirty the page, cheap enough that a TCG vCPU keeps
// up), or one page per tick when N is 0 (an idle guest whose counter still ticks), and counts the
// pages it wrote. The count is readable two ways:
//   - /tmp/vcb-dirty.count (updated every 100 ms), through the agent: the before/after check;
//   - a 64-bit word in a locked page whose guest-physical address is in /tmp/vcb-dirty.addr, read
//     by the host over QMP (`xp`) from whichever QEMU runs the guest: the timeline, sampled every
//     100 ms without running anything in the guest (a command per sample would itself load and
//     dirty the guest it measures).
#include <string>

namespace vcb::migrate {

inline constexpr const char* counter_file = "/tmp/vcb-dirty.count";
inline constexpr const char* address_file = "/tmp/vcb-dirty.addr";
inline constexpr int page_bytes = 4096;
inline constexpr int ticks_per_s = 100;

// Pages to write per 10 ms tick for N MB/s (MB = 10^6 bytes); 1 for an idle guest.
double pages_per_tick(double mb_s);

// argv after "dirty": runs forever (or returns non-zero on bad input / setup failure). With
// --daemon it returns 0 once the workload runs detached (own session: the agent kills the process
// group of the command it ran) and its counter is readable.
int run_dirty_workload(int argc, char** argv);

}  // namespace vcb::migrate
