// lmbench-style lat_pipe: round-trip latency of a token through two pipes between two processes
// pinned by --placement same|cross. Method (timed loop, validation): two_party_latency.cc.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "two_party_latency.h"

int main(int argc, char** argv) {
  vcb::Kernel k("lat_pipe", argc, argv);
  const std::string placement = k.param("placement", "same");
  k.begin();
  if (placement != "same" && placement != "cross") k.usage_error("--placement must be same or cross");
  int to_child[2], to_parent[2];
  if (pipe(to_child) != 0) {
    k.emit_failure(std::string("pipe: ") + std::strerror(errno));
    return k.finish();
  }
  if (pipe(to_parent) != 0) {
    k.emit_failure(std::string("pipe: ") + std::strerror(errno));
    close(to_child[0]);
    close(to_child[1]);
    return k.finish();
  }
  vcb::micro::TokenChannels ch{.parent_out = to_child[1], .parent_in = to_parent[0],
                               .child_in = to_child[0], .child_out = to_parent[1],
                               .fds = {to_child[0], to_child[1], to_parent[0], to_parent[1]},
                               .kind = "pipe pair"};
  return vcb::micro::run_token_latency(k, placement, ch);
}
