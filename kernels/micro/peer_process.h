#pragma once
// The helper process of a two-party kernel (bw_pipe, bw_unix, lat_pipe, lat_unix). It is forked
// before timing, pins itself to its CPU, dies with its parent (PR_SET_PDEATHSIG), and is killed and
// reaped on every path out of the kernel (destructor), so no kernel leaves a process behind.
// When its work ends it sends a fixed-size report (CPUs read back, count, error) through a pipe.
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "vcb/affinity.h"
#include "vcb/kernel.h"

namespace vcb::micro {

struct PeerReport {
  int cpu_planned = -1;
  int cpu_start = -1;  // sched_getcpu() once pinned, before any work
  int cpu_end = -1;    // sched_getcpu() after the work
  int64_t count = 0;   // bytes sent or tokens answered
  int error = 0;       // errno of the call that failed, 0 when the peer ended cleanly
  char what[64] = {};  // the call that failed

  void fail(const char* call, int err);
  nlohmann::json to_json() const;
};

class Peer {
 public:
  // Forks a child that pins itself to `cpu`, runs `body` (which closes the parent's ends of the
  // channels first, so the parent closing its ends ends the body) and reports. nullptr + message on
  // failure. SIGPIPE is ignored from here on in both processes: a vanished peer must turn into an
  // EPIPE we can report, not a silent death.
  static std::unique_ptr<Peer> start(int cpu, const std::function<void(PeerReport&)>& body,
                                     std::string& error);
  ~Peer();  // SIGKILL and reap if still running

  // Waits (up to `timeout_ms`) for the report, then reaps the child; false + message when the child
  // did not report, died, or exited non-zero.
  bool finish(PeerReport& report, std::string& error, int timeout_ms = 5000);

 private:
  Peer(pid_t pid, int report_fd) : pid_(pid), report_fd_(report_fd) {}
  pid_t pid_ = -1;
  int report_fd_ = -1;
};

enum class Io { ok, eof, error };

// Whole-buffer read/write over a blocking fd, retrying short transfers and EINTR.
Io read_exact(int fd, void* buf, size_t bytes);
Io write_exact(int fd, const void* buf, size_t bytes);

// The CPUs for the two parties, or a failure record (and nullopt) saying why the placement cannot
// be honoured here (e.g. "cross" with one allowed CPU).
std::optional<vcb::PartyCpus> placement_or_fail(vcb::Kernel& k, const std::string& placement);

// The reader/parent side of a placement: planned CPU and the CPUs read back around the timing.
nlohmann::json party_json(int planned, int cpu_start, int cpu_end);

// Closes an fd if open and marks it closed; false if close(2) failed.
bool close_fd(int& fd);

}  // namespace vcb::micro
