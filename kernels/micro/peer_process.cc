#include "peer_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vcb::micro {
namespace {

[[noreturn]] void run_child(int cpu, pid_t parent, int report_fd,
                            const std::function<void(PeerReport&)>& body) {
  // The parent may already be gone between fork and prctl: check after arming the signal.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(3);
  PeerReport report;
  report.cpu_planned = cpu;
  if (!vcb::pin_to(cpu)) report.fail("sched_setaffinity", errno);
  report.cpu_start = vcb::current_cpu();
  if (report.error == 0) body(report);
  report.cpu_end = vcb::current_cpu();
  const bool sent = write_exact(report_fd, &report, sizeof report) == Io::ok;
  _exit(sent ? 0 : 4);  // _exit: no atexit handlers or stdio flushes of the parent's state
}

}  // namespace

void PeerReport::fail(const char* call, int err) {
  if (error != 0) return;  // keep the first failure: later ones are usually its consequence
  error = err == 0 ? EIO : err;
  std::strncpy(what, call, sizeof what - 1);
}

nlohmann::json PeerReport::to_json() const {
  nlohmann::json j = party_json(cpu_planned, cpu_start, cpu_end);
  if (error != 0) j["error"] = std::string(what) + ": " + std::strerror(error);
  return j;
}

std::unique_ptr<Peer> Peer::start(int cpu, const std::function<void(PeerReport&)>& body,
                                  std::string& error) {
  if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
    error = std::string("ignoring SIGPIPE failed: ") + std::strerror(errno);
    return nullptr;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("pipe for the peer report failed: ") + std::strerror(errno);
    return nullptr;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    error = std::string("fork failed: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return nullptr;
  }
  if (pid == 0) {
    close(fds[0]);
    run_child(cpu, parent, fds[1], body);
  }
  close(fds[1]);
  return std::unique_ptr<Peer>(new Peer(pid, fds[0]));
}

Peer::~Peer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {}
  }
  if (report_fd_ >= 0) close(report_fd_);
}

bool Peer::finish(PeerReport& report, std::string& error, int timeout_ms) {
  pollfd p{report_fd_, POLLIN, 0};
  int ready;
  while ((ready = poll(&p, 1, timeout_ms)) < 0 && errno == EINTR) {}
  if (ready <= 0) {
    error = ready == 0 ? "the peer process did not finish within " + std::to_string(timeout_ms) + " ms"
                       : std::string("poll on the peer report failed: ") + std::strerror(errno);
    return false;  // the destructor kills it
  }
  const Io got = read_exact(report_fd_, &report, sizeof report);
  int status = 0;
  pid_t done;
  while ((done = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {}
  if (done == pid_) pid_ = -1;
  if (got != Io::ok) {
    error = "the peer process died without a report";
    return false;
  }
  if (done < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "the peer process did not exit cleanly (wait status " + std::to_string(status) + ")";
    return false;
  }
  return true;
}

Io read_exact(int fd, void* buf, size_t bytes) {
  auto* p = static_cast<char*>(buf);
  while (bytes > 0) {
    const ssize_t r = read(fd, p, bytes);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Io::error;
    if (r == 0) return Io::eof;
    p += r;
    bytes -= static_cast<size_t>(r);
  }
  return Io::ok;
}

Io write_exact(int fd, const void* buf, size_t bytes) {
  const auto* p = static_cast<const char*>(buf);
  while (bytes > 0) {
    const ssize_t w = write(fd, p, bytes);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return Io::error;
    p += w;
    bytes -= static_cast<size_t>(w);
  }
  return Io::ok;
}

std::optional<vcb::PartyCpus> placement_or_fail(vcb::Kernel& k, const std::string& placement) {
  if (auto cpus = vcb::two_party_cpus(placement)) return cpus;
  const auto allowed = vcb::allowed_cpus();
  std::string list;
  for (int c : allowed) list += (list.empty() ? "" : ",") + std::to_string(c);
  k.emit_failure("placement '" + placement + "' cannot be honoured: this process may run on CPU(s) [" +
                 list + "]; 'cross' needs two allowed CPUs");
  return std::nullopt;
}

nlohmann::json party_json(int planned, int cpu_start, int cpu_end) {
  return {{"cpu_planned", planned}, {"cpu_start", cpu_start}, {"cpu_end", cpu_end},
          {"stayed", planned >= 0 && cpu_start == planned && cpu_end == planned}};
}

bool close_fd(int& fd) {
  if (fd < 0) return true;
  const int rc = close(fd);
  fd = -1;
  return rc == 0;
}

}  // namespace vcb::micro
