#include "kvm/kvm_guest.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "vcb/timer.h"

namespace vcb {
namespace {

constexpr size_t stderr_tail_bytes = 4096;

std::string hex(const std::string& s) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

void trim_tail(std::string& s) {
  if (s.size() > stderr_tail_bytes) s.erase(0, s.size() - stderr_tail_bytes);
}

}  // namespace

bool QemuGuest::launch(const std::vector<std::string>& argv, const std::string& log_path, std::string& error) {
  const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0) {
    error = "cannot create " + log_path + ": " + std::strerror(errno);
    return false;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    ::close(log);
    error = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    setpgid(0, 0);  // a Ctrl-C reaches the harness, which then stops the guest cleanly
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, STDIN_FILENO);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    dprintf(STDERR_FILENO, "vcbench: cannot execute %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  ::close(log);
  pid_ = pid;
  wedged_ = false;
  return true;
}

bool QemuGuest::alive() {
  if (pid_ <= 0) return false;
  int status;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

bool QemuGuest::wait_ready(const std::string& agent_socket, double timeout_s, std::string& error) {
  const int64_t deadline = deadline_after(timeout_s);
  if (!agent_.connect(agent_socket, timeout_s)) {
    error = "QEMU did not open the agent socket " + agent_socket;
    return false;
  }
  // Pings sent before the agent opened ttyS1 are lost; ping until one is answered, then once
  // more with a fresh word so stale answers are drained before the first command.
  for (int n = 0; now_ns() < deadline; ++n) {
    if (!alive()) { error = "QEMU exited during boot"; return false; }
    agent_.send("P boot\n");
    if (agent_.read_until("PONG boot\n", std::min(deadline, deadline_after(0.5)))) {
      agent_.send("P sync\n");
      if (!agent_.read_until("PONG sync\n", deadline)) break;
      agent_.buffer().clear();
      return true;
    }
    if (interrupted()) { error = "interrupted"; return false; }
  }
  error = "the guest agent did not answer within " + std::to_string(static_cast<int>(timeout_s)) + " s";
  return false;
}

// Consumes complete frames from the agent; true once the exit frame arrived. stderr collects in
// err_tail and is cut to its tail at the end.
bool QemuGuest::read_frames(ProcessResult& r, int64_t deadline_ns, bool interruptible) {
  std::string& b = agent_.buffer();
  for (;;) {
    const auto eol = b.find('\n');
    if (eol != std::string::npos) {
      const std::string head = b.substr(0, eol);
      if ((head[0] == 'O' || head[0] == 'E') && head.size() > 2) {
        const size_t n = std::strtoul(head.c_str() + 2, nullptr, 10);
        if (b.size() >= eol + 1 + n) {
          (head[0] == 'O' ? r.out : r.err_tail) += b.substr(eol + 1, n);
          b.erase(0, eol + 1 + n);
          continue;
        }
      } else if (head[0] == 'X') {
        std::istringstream in(head.substr(1));
        in >> r.exit_code >> r.signal;
        b.erase(0, eol + 1);
        break;
      } else {
        b.erase(0, eol + 1);  // a stale PONG
        continue;
      }
    }
    if (now_ns() >= deadline_ns || (interruptible && interrupted()) || !agent_.read_some(deadline_ns)) {
      trim_tail(r.err_tail);
      return false;
    }
  }
  trim_tail(r.err_tail);
  return true;
}

ProcessResult QemuGuest::run(const std::vector<std::string>& argv, double timeout_s) {
  ProcessResult r;
  const int64_t start = now_ns();
  std::string line = "R";
  for (const auto& a : argv) line += " " + hex(a);
  if (wedged_ || !agent_.send(line + "\n")) {
    r.error = "the guest agent is not reachable";
    return r;
  }
  r.started = true;
  if (!read_frames(r, deadline_after(timeout_s), true)) {
    r.interrupted = interrupted();
    r.timed_out = !r.interrupted;
    agent_.send("K\n");
    // The exit frame of the killed command keeps the channel in step for the next one.
    ProcessResult killed;
    if (!read_frames(killed, deadline_after(5), false)) wedged_ = true;
    r.exit_code = -1;
    r.signal = SIGKILL;
  }
  r.wall_s = seconds_since(start);
  return r;
}

nlohmann::json QemuGuest::qmp(const std::string& qmp_socket, const std::string& command) {
  std::string error;
  if (!qmp_.connected() && !qmp_.connect(qmp_socket, 10, error)) return nullptr;
  const QmpReply reply = qmp_.execute(command);
  return reply.ok ? reply.value : nlohmann::json(nullptr);
}

void QemuGuest::shutdown(double grace_s) {
  if (pid_ > 0 && !wedged_) agent_.send("Q\n");
  const int64_t deadline = deadline_after(grace_s);
  while (alive() && now_ns() < deadline) usleep(50000);
  kill_now();
}

void QemuGuest::kill_now() {
  agent_.close();
  qmp_.close();
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {}
  pid_ = -1;
}

double QemuGuest::cpu_seconds() const {
  if (pid_ <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto paren = text.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream fields(text.substr(paren + 2));
  std::string f;
  double utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14) utime = std::atof(f.c_str());
    if (i == 15) { stime = std::atof(f.c_str()); break; }
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace vcb
