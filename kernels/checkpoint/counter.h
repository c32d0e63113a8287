#pragma once
// The workload that is checkpointed: a counter that ticks every 10 ms into a file, so a restored
// container proves it continued (the count goes on) rather than restarted (the count begins again).
namespace vcb {

// `vcb-checkpoint counter`: counts forever. `vcb-checkpoint counter-read`: prints the count.
int run_counter();
int read_counter_file();

}  // namespace vcb
