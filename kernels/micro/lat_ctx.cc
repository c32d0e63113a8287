// lmbench-style lat_ctx: process context switch time.
// A ring of --procs processes joined by pipes passes an 8-byte token; each process, on receipt,
// sums its own private --size-kb array (its cache footprint) and writes the token on. Process 0
// is this kernel; the others are forked children. One iteration = one trip round the ring =
// procs passes, timed in process 0 around n trips (vcb::time_manual).
// Overhead (same invocation, same iteration count): process 0 alone doing, per hop, the array sum
// + write(token) + read(token) on one of procs pipes in turn (no switch, hot caches), n*procs hops.
// Reported per interval: trip/procs - median(overhead per hop), in us = one switch including the
// re-warming of the next process's footprint, excluding the pipe syscalls and the sum (lmbench).
// Placement: "same" pins every process to the first allowed CPU (a real switch); "spread"
// round-robins them over the allowed CPUs (with 2 processes on 2 CPUs: a cross-CPU wake-up).
// Validation: the token is incremented on every pass and every process checks the value it
// receives; children exit 0 only if every check held; the corrected value must be positive.
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "process_support.h"
#include "vcb/affinity.h"
#include "vcb/kernel.h"
#include "vcb/median.h"
#include "vcb/timer.h"

namespace {

using vcb::micro::errno_text;

// Per-process facts written by the children into shared memory (read after they exit).
struct Slot {
  int cpu_start = -1;
  int cpu_end = -1;
  uint64_t sink = 0;  // keeps the member's array sums alive
};

struct Ring {
  int procs = 0;
  std::vector<int> cpus;
  std::vector<pid_t> children;  // index i-1 holds process i
  int in_fd = -1, out_fd = -1;  // process 0's ends: reads pipe 0, writes pipe 1
  Slot* slots = nullptr;
  uint64_t token = 0;
};

// A private array of `bytes`, written so its pages are really this process's own.
std::vector<uint64_t> private_array(size_t bytes) {
  std::vector<uint64_t> a(bytes / sizeof(uint64_t));
  for (size_t i = 0; i < a.size(); ++i) a[i] = i;
  return a;
}

uint64_t sum(const std::vector<uint64_t>& a) {
  uint64_t s = 0;
  for (uint64_t v : a) s += v;
  return s;
}

// False on EOF (errno then 0) or error; pipes carry the 8 bytes atomically, so no short reads.
bool read_token(int fd, uint64_t& t) {
  errno = 0;
  return read(fd, &t, sizeof t) == static_cast<ssize_t>(sizeof t);
}
bool write_token(int fd, uint64_t t) { return write(fd, &t, sizeof t) == static_cast<ssize_t>(sizeof t); }

// Ring member `index` (>= 1): runs until its input pipe reaches EOF. Exit codes: 0 clean,
// 3 pinning failed, 4 wrong token, 5 pipe error.
[[noreturn]] void member(int index, const Ring& r, int in_fd, int out_fd, size_t bytes) {
  Slot& slot = r.slots[index];
  if (!vcb::pin_to(r.cpus[static_cast<size_t>(index)])) _exit(3);
  const std::vector<uint64_t> array = private_array(bytes);
  slot.cpu_start = sched_getcpu();
  uint64_t t = 0;
  for (;;) {
    const ssize_t got = read(in_fd, &t, sizeof t);
    if (got == 0) break;
    if (got != static_cast<ssize_t>(sizeof t)) _exit(5);
    if (!vcb::micro::ring_token_ok(t, index, r.procs)) _exit(4);
    slot.sink += sum(array);
    if (!write_token(out_fd, t + 1)) _exit(5);
  }
  slot.cpu_end = sched_getcpu();
  _exit(0);
}

void close_all(std::vector<int>& fds) {
  for (int& fd : fds)
    if (fd >= 0) close(fd), fd = -1;
}

// Creates procs pipes: pipe i = fds[2i] (read end), fds[2i+1] (write end).
std::string make_pipes(int procs, std::vector<int>& fds) {
  fds.assign(static_cast<size_t>(2 * procs), -1);
  for (int i = 0; i < procs; ++i)
    if (pipe(&fds[static_cast<size_t>(2 * i)]) != 0) {
      const std::string e = errno_text("pipe");
      close_all(fds);
      return e;
    }
  return "";
}

// Builds pipes and forks procs-1 members; process i reads pipe i and writes pipe (i+1) % procs.
std::string start_ring(Ring& r, size_t bytes) {
  void* shared = mmap(nullptr, sizeof(Slot) * static_cast<size_t>(r.procs), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) return errno_text("mmap(shared slots)");
  r.slots = static_cast<Slot*>(shared);
  for (int i = 0; i < r.procs; ++i) new (r.slots + i) Slot();
  std::vector<int> fds;
  if (std::string e = make_pipes(r.procs, fds); !e.empty()) return e;
  for (int i = 1; i < r.procs; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      const std::string e = errno_text("fork");
      close_all(fds);
      return e;
    }
    if (pid == 0) {
      const int in = fds[static_cast<size_t>(2 * i)],
                out = fds[static_cast<size_t>(2 * ((i + 1) % r.procs) + 1)];
      for (int fd : fds)
        if (fd != in && fd != out) close(fd);
      member(i, r, in, out, bytes);
    }
    r.children.push_back(pid);
  }
  r.in_fd = fds[0];
  r.out_fd = fds[3];
  fds[0] = fds[3] = -1;
  close_all(fds);
  return "";
}

// Ends the ring: EOF cascades round it; every member must exit 0. On an error path the members
// may be blocked, so they are killed instead.
std::string stop_ring(Ring& r, bool kill_members) {
  if (r.out_fd >= 0) close(r.out_fd);
  if (r.in_fd >= 0) close(r.in_fd);
  r.in_fd = r.out_fd = -1;
  std::string error;
  for (size_t i = 0; i < r.children.size(); ++i) {
    if (kill_members) kill(r.children[i], SIGKILL);
    int status = 0;
    if (waitpid(r.children[i], &status, 0) != r.children[i]) {
      error = errno_text("waitpid");
      continue;
    }
    if (kill_members || (WIFEXITED(status) && WEXITSTATUS(status) == 0)) continue;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    error = "ring member " + std::to_string(i + 1) +
            (code == 3   ? " could not pin itself"
             : code == 4 ? " received a wrong token"
             : code == 5 ? " had a pipe error"
                         : " died (status " + std::to_string(status) + ")");
  }
  r.children.clear();
  return error;
}

volatile uint64_t g_sink;  // keeps process 0's array sums alive

// n trips round the ring; process 0 sums its array and passes the token like every member.
double trips(Ring& r, const std::vector<uint64_t>& array, int64_t n, std::string& error) {
  uint64_t sink = 0;
  const int64_t start = vcb::now_ns();
  for (int64_t i = 0; i < n; ++i) {
    sink += sum(array);
    uint64_t back = 0;
    if (!write_token(r.out_fd, r.token + 1)) {
      error = errno_text("write to ring");
      return -1;
    }
    if (!read_token(r.in_fd, back)) {
      error = errno != 0 ? errno_text("read from ring") : "the ring broke (a member exited early)";
      return -1;
    }
    if (back != r.token + static_cast<uint64_t>(r.procs)) {
      error = "token came back wrong";
      return -1;
    }
    r.token = back;
  }
  const double t = vcb::seconds_since(start);
  g_sink = g_sink + sink;
  return t;
}

// n hops of the overhead: sum + write + read on pipe (hop % procs), in one process.
double overhead(const std::vector<int>& fds, const std::vector<uint64_t>& array, int procs, int64_t n,
                std::string& error) {
  uint64_t sink = 0;
  const int64_t start = vcb::now_ns();
  for (int64_t i = 0; i < n; ++i) {
    const size_t p = static_cast<size_t>(i % procs);
    sink += sum(array);
    const uint64_t t = static_cast<uint64_t>(i);
    uint64_t back = 0;
    if (!write_token(fds[2 * p + 1], t) || !read_token(fds[2 * p], back) || back != t) {
      error = errno_text("overhead pipe");
      return -1;
    }
  }
  const double t = vcb::seconds_since(start);
  g_sink = g_sink + sink;
  return t;
}

vcb::Series measure_overhead(const vcb::Plan& plan, const std::vector<uint64_t>& array, int procs,
                             std::string& error) {
  std::vector<int> fds;
  if (error = make_pipes(procs, fds); !error.empty()) return {};
  vcb::Series s =
      vcb::time_manual(plan, "", [&](int64_t n) { return overhead(fds, array, procs, n, error); });
  close_all(fds);
  return s;
}

nlohmann::json placement_detail(const Ring& r, int cpu_start0, int cpu_end0) {
  nlohmann::json out = nlohmann::json::array();
  for (int i = 0; i < r.procs; ++i) {
    const bool self = i == 0;
    out.push_back({{"process", i},
                   {"pinned", r.cpus[static_cast<size_t>(i)]},
                   {"cpu_start", self ? cpu_start0 : r.slots[i].cpu_start},
                   {"cpu_end", self ? cpu_end0 : r.slots[i].cpu_end}});
  }
  return out;
}

struct Result {
  vcb::Series trip, overhead;
  std::string error;
  int cpu_start0 = -1, cpu_end0 = -1;
};

// Pins process 0, runs the ring series, stops the ring, then the overhead with n*procs hops.
Result run(const vcb::Plan& plan, Ring& ring, size_t bytes) {
  Result res;
  if (!vcb::pin_to(ring.cpus[0])) {
    res.error = errno_text("sched_setaffinity");
    return res;
  }
  res.cpu_start0 = sched_getcpu();
  const std::vector<uint64_t> array = private_array(bytes);
  res.error = start_ring(ring, bytes);
  // Two untimed trips first: the members may not have run yet, and a cold first trip would
  // otherwise look like a whole calibration interval.
  if (res.error.empty() && trips(ring, array, 2, res.error) >= 0)
    res.trip = vcb::time_manual(plan, "", [&](int64_t n) { return trips(ring, array, n, res.error); });
  res.cpu_end0 = sched_getcpu();
  const std::string stop_error = stop_ring(ring, !res.error.empty() || !res.trip.ok());
  if (res.error.empty()) res.error = stop_error;
  if (!res.error.empty() || !res.trip.ok()) return res;
  res.overhead = measure_overhead(vcb::micro::fixed_plan(plan, res.trip.iterations * ring.procs), array,
                                  ring.procs, res.error);
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("lat_ctx", argc, argv);
  const long long procs = k.param_int("procs", 2);
  const long long size_kb = k.param_int("size-kb", 0);
  const std::string placement = k.param("placement", "same");
  k.begin();
  if (procs < 2 || procs > 1024) k.usage_error("--procs must be 2..1024");
  if (size_kb < 0 || size_kb > 1 << 20) k.usage_error("--size-kb must be 0..1048576");
  if (placement != "same" && placement != "spread") k.usage_error("--placement must be same or spread");
  signal(SIGPIPE, SIG_IGN);  // a dead ring member must show up as EPIPE, not kill us

  Ring ring;
  ring.procs = static_cast<int>(procs);
  ring.cpus = vcb::micro::ring_cpus(placement, vcb::allowed_cpus(), ring.procs);
  if (ring.cpus.empty()) {
    k.emit_failure("no allowed CPU");
    return k.finish();
  }
  const size_t bytes = static_cast<size_t>(size_kb) * 1024;
  Result res = run(k.plan(), ring, bytes);
  if (res.trip.iterations == 0) {  // the ring never ran (setup or calibration failed)
    k.emit_failure(res.error.empty() ? res.trip.error : res.error);
    return k.finish();
  }

  const double trip_us = vcb::median(res.trip.per_op(1e6));
  const double overhead_us = vcb::median(res.overhead.per_op(1e6));
  const std::vector<double> values =
      vcb::micro::minus(res.trip.per_op(1e6 / static_cast<double>(procs)), overhead_us);
  bool passed = res.error.empty() && res.trip.ok() && res.overhead.ok();
  std::string validation = "token checked on every pass by every process; members exited cleanly";
  if (!res.error.empty())
    res.trip.error = res.error;
  else if (!res.overhead.ok())
    res.trip.error = "overhead measurement failed";
  else if (vcb::median(values) <= 0) {
    passed = false;
    validation = "trip/procs (" + std::to_string(trip_us / static_cast<double>(procs)) +
                 " us) is not above the overhead (" + std::to_string(overhead_us) +
                 " us): nothing left after subtraction";
  }
  const nlohmann::json detail = {{"trip_us", trip_us},
                                 {"overhead_us", overhead_us},
                                 {"overhead_iterations", res.overhead.iterations},
                                 {"array_bytes", bytes},
                                 {"placement", placement_detail(ring, res.cpu_start0, res.cpu_end0)}};
  k.emit({.metric = "latency",
          .unit = "us",
          .better = vcb::Better::lower,
          .series = res.trip,
          .values = values,
          .detail = detail,
          .passed = passed,
          .validation = validation});
  if (ring.slots) munmap(ring.slots, sizeof(Slot) * static_cast<size_t>(ring.procs));
  return k.finish();
}
