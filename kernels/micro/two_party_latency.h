#pragma once
// The shared body of lat_pipe and lat_unix: a 4-byte token goes back and forth between this process
// and a pinned peer process; the two kernels differ only in the channel they hand in.
#include <string>
#include <vector>

#include "vcb/kernel.h"

namespace vcb::micro {

struct TokenChannels {
  int parent_out = -1;   // the parent writes the token here ...
  int parent_in = -1;    // ... and reads the peer's answer here
  int child_in = -1;
  int child_out = -1;
  std::vector<int> fds;  // every fd of the channels; each process closes the ones that are not its own
  std::string kind;      // recorded in detail, e.g. "pipe pair"
};

// Places the parties (--placement), forks the peer, times round trips, emits the record and
// returns the exit code. Closes every fd in `ch`.
int run_token_latency(vcb::Kernel& k, const std::string& placement, TokenChannels ch);

}  // namespace vcb::micro
