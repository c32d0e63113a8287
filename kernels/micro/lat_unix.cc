// lmbench-style lat_unix: round-trip latency of a token over socketpair(AF_UNIX, SOCK_STREAM)
// between two processes pinned by --placement same|cross. Method: two_party_latency.cc.
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "two_party_latency.h"

int main(int argc, char** argv) {
  vcb::Kernel k("lat_unix", argc, argv);
  const std::string placement = k.param("placement", "same");
  k.begin();
  if (placement != "same" && placement != "cross") k.usage_error("--placement must be same or cross");
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
    k.emit_failure(std::string("socketpair: ") + std::strerror(errno));
    return k.finish();
  }
  vcb::micro::TokenChannels ch{.parent_out = sv[0], .parent_in = sv[0], .child_in = sv[1], .child_out = sv[1],
                               .fds = {sv[0], sv[1]}, .kind = "AF_UNIX SOCK_STREAM socketpair"};
  return vcb::micro::run_token_latency(k, placement, ch);
}
