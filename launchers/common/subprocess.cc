#include "common/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "vcb/timer.h"

extern char** environ;

namespace vcb {
namespace {

constexpr size_t stderr_tail_bytes = 4096;
volatile sig_atomic_t interrupt_flag = 0;

void on_interrupt(int) { interrupt_flag = 1; }

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const ProcessOptions& o, int out_fd, int err_fd) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  dup2(out_fd, STDOUT_FILENO);
  dup2(err_fd, STDERR_FILENO);
  const int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, STDIN_FILENO);
  if (o.cpus) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int c : *o.cpus) CPU_SET(c, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
      dprintf(err_fd, "vcbench: cannot bind to the requested CPUs: %s\n", strerror(errno));
      _exit(126);
    }
  }
  for (const auto& e : o.env) putenv(const_cast<char*>(e.c_str()));
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  dprintf(err_fd, "vcbench: cannot execute %s: %s\n", args[0], strerror(errno));
  _exit(127);
}

void drain(int fd, std::string& into, bool& open_flag) {
  char buf[65536];
  const ssize_t n = read(fd, buf, sizeof buf);
  if (n > 0) into.append(buf, static_cast<size_t>(n));
  else if (n == 0 || (errno != EINTR && errno != EAGAIN)) open_flag = false;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa{};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

bool interrupted() { return interrupt_flag != 0; }

std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = dir + "/" + name;
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return "";
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult r;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    r.error = std::string("pipe: ") + strerror(errno);
    return r;
  }
  const int64_t start = now_ns();
  const pid_t pid = fork();
  if (pid < 0) {
    r.error = std::string("fork: ") + strerror(errno);
    return r;
  }
  if (pid == 0) exec_child(argv, options, out[1], err[1]);
  r.started = true;
  close(out[1]);
  close(err[1]);
  setpgid(pid, pid);
  bool out_open = true, err_open = true, reaped = false;
  int status = 0;
  rusage ru{};
  std::string err_all;
  const int64_t deadline = start + static_cast<int64_t>(options.timeout_s * 1e9);
  // A pidfd wakes the poll when the kernel exits, so the harness sleeps while it measures
  // instead of waking every few milliseconds (on two cores that would be load of our own).
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  const int tick_ms = pidfd >= 0 ? 1000 : 20;
  for (;;) {
    if (!reaped && wait4(pid, &status, WNOHANG, &ru) == pid) {
      reaped = true;
      kill(-pid, SIGKILL);  // helpers the kernel left behind: nothing may outlive a measurement
    }
    if (reaped && !out_open && !err_open) break;
    if (options.interruptible && interrupted()) { r.interrupted = !reaped; break; }
    pollfd fds[3] = {{out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0},
                     {reaped ? -1 : pidfd, POLLIN, 0}};
    const int64_t left_ms = (deadline - now_ns()) / 1000000;
    if (left_ms <= 0) { r.timed_out = !reaped; break; }
    const int ready = poll(fds, 3, static_cast<int>(std::min<int64_t>(left_ms, reaped ? 20 : tick_ms)));
    if (ready < 0 && errno != EINTR) break;
    if (fds[0].revents) drain(out[0], r.out, out_open);
    if (fds[1].revents) drain(err[0], err_all, err_open);
  }
  kill(-pid, SIGKILL);
  if (pidfd >= 0) close(pidfd);
  if (!reaped)
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {}
  close(out[0]);
  close(err[0]);
  r.wall_s = seconds_since(start);
  r.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.err_tail = err_all.size() > stderr_tail_bytes ? err_all.substr(err_all.size() - stderr_tail_bytes) : err_all;
  return r;
}

std::string first_line(const std::string& text) {
  const size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  std::string line = text.substr(b, text.find('\n', b) - b);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
  return line;
}

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%") ==
                        std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string shell_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& a : argv) line += (line.empty() ? "" : " ") + shell_quote(a);
  return line;
}

}  // namespace vcb
