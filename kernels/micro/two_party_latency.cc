// Round trips of a token between two pinned processes (lat_pipe, lat_unix).
// Timed in the parent (time_manual), one op = one round trip: write the 4-byte token, read the
// answer, which the peer made by adding one; the parent checks answer == token + 1 and sends
// answer + 1 next. Nothing subtracted. Latency in us per round trip.
// Validation: every answer was the token plus one, the peer answered exactly as many tokens as the
// parent sent and ended cleanly at EOF; both parties report their CPUs (detail).
#include "two_party_latency.h"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "peer_process.h"
#include "vcb/timer.h"

namespace vcb::micro {
namespace {

struct Pinger {
  int out = -1;
  int in = -1;
  uint32_t next = 1;
  uint64_t trips = 0;
  std::string error;
};

void answer_tokens(int in, int out, PeerReport& r) {
  for (;;) {
    uint32_t token = 0;
    const Io got = read_exact(in, &token, sizeof token);
    if (got == Io::eof) return;  // the parent is done: a clean end
    if (got != Io::ok) { r.fail("read", errno); return; }
    ++token;
    if (write_exact(out, &token, sizeof token) != Io::ok) { r.fail("write", errno); return; }
    ++r.count;
  }
}

bool round_trip(Pinger& p) {
  const uint32_t token = p.next;
  uint32_t answer = 0;
  if (write_exact(p.out, &token, sizeof token) != Io::ok) {
    p.error = std::string("write: ") + std::strerror(errno);
    return false;
  }
  const Io got = read_exact(p.in, &answer, sizeof answer);
  if (got != Io::ok) {
    p.error = got == Io::eof ? "the peer closed the channel" : std::string("read: ") + std::strerror(errno);
    return false;
  }
  if (answer != token + 1) {
    p.error = "token " + std::to_string(token) + " came back as " + std::to_string(answer);
    return false;
  }
  p.next = answer + 1;
  ++p.trips;
  return true;
}

double interval(Pinger& p, int64_t n) {
  const int64_t t0 = vcb::now_ns();
  for (int64_t i = 0; i < n; ++i)
    if (!round_trip(p)) return -1;
  return vcb::seconds_since(t0);
}

// Closes (and marks closed, so nothing is closed twice) every fd but the two kept.
void close_others(std::vector<int>& fds, int keep_a, int keep_b) {
  for (int& fd : fds)
    if (fd != keep_a && fd != keep_b) close_fd(fd);
}

struct Outcome {
  vcb::Series series;
  int parent_cpu = -1, cpu_start = -1, cpu_end = -1;
  PeerReport peer;
  bool peer_finished = false;
  std::string peer_error;
};

void emit_record(vcb::Kernel& k, const std::string& kind, const Pinger& p, Outcome o) {
  if (!p.error.empty()) o.series.error = p.error;
  const bool ok = o.peer_finished && o.peer.error == 0 && p.trips > 0 &&
                  static_cast<uint64_t>(o.peer.count) == p.trips;
  nlohmann::json detail = {{"channel", kind}, {"token_bytes", sizeof(uint32_t)},
                           {"round_trips", p.trips}, {"answered", o.peer.count},
                           {"parent", party_json(o.parent_cpu, o.cpu_start, o.cpu_end)}, {"peer", o.peer.to_json()}};
  if (!o.peer_error.empty()) detail["peer_error"] = o.peer_error;
  const std::string why = ok ? "all " + std::to_string(p.trips) + " tokens came back incremented; the peer answered each once"
                             : "token count or peer end failed: " +
                                   (o.peer_error.empty() ? std::string(o.peer.what) : o.peer_error);
  const std::vector<double> values = o.series.per_op(1e6);
  k.emit({.metric = "latency", .unit = "us", .better = vcb::Better::lower, .series = o.series,
          .values = values, .detail = detail, .passed = ok, .validation = why});
}

}  // namespace

int run_token_latency(vcb::Kernel& k, const std::string& placement, TokenChannels ch) {
  auto close_parent = [&ch]() { close_others(ch.fds, -1, -1); };
  const auto cpus = placement_or_fail(k, placement);
  if (!cpus) { close_parent(); return k.finish(); }
  std::string error;
  auto peer = Peer::start(cpus->second, [&ch](PeerReport& r) {
    close_others(ch.fds, ch.child_in, ch.child_out);
    answer_tokens(ch.child_in, ch.child_out, r);
  }, error);
  // The parent keeps only its ends, so the peer's death shows as EOF and the parent's close as EOF.
  close_others(ch.fds, ch.parent_in, ch.parent_out);
  if (!peer || !vcb::pin_to(cpus->first)) {
    close_parent();
    k.emit_failure(peer ? std::string("pinning the parent failed: ") + std::strerror(errno) : error);
    return k.finish();
  }
  Pinger p{ch.parent_out, ch.parent_in};
  Outcome o{.parent_cpu = cpus->first, .cpu_start = vcb::current_cpu()};
  o.series = vcb::time_manual(k.plan(), "", [&p](int64_t n) { return interval(p, n); });
  o.cpu_end = vcb::current_cpu();
  close_parent();  // EOF ends the peer, which then reports
  o.peer_finished = peer->finish(o.peer, o.peer_error);
  emit_record(k, ch.kind, p, o);
  return k.finish();
}

}  // namespace vcb::micro
