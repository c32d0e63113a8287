// lmbench-style lat_proc: the cost of creating a process.
//   fork        = fork() + child _exit(0) + waitpid()                        ("fork+exit")
//   exec        = fork() + child closes stdout, execve(vcb-hello) + waitpid  ("fork+execve", dynamic hello)
//   exec_static = the same with vcb-hello-static (no dynamic loader)
//   shell       = fork() + child closes stdout, execl("/bin/sh","sh","-c",vcb-hello) + waitpid
// Fork cost grows with the forker's mappings, so the forking is done by vcb-proc-helper, a tiny C
// program spawned once (posix_spawn) and asked over a pipe to run n operations; it times exactly
// those n operations with CLOCK_MONOTONIC and replies with the elapsed time (vcb::time_manual).
// Nothing is subtracted. Every child's exit status must be 0: a missing or failing exec fails
// the record instead of timing fork+failed exec (lmbench's silent failure). The helper's RSS and
// VMA count (the things fork copies) and the CPUs it ran on are recorded in the detail.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <string>

#include "helpers/proc_protocol.h"
#include "process_support.h"
#include "vcb/kernel.h"

extern char** environ;

namespace {

using vcb::micro::errno_text;

struct Helper {
  pid_t pid = -1;
  int request_fd = -1;  // our end of its fd 3
  int reply_fd = -1;    // our end of its fd 4
};

std::string describe(const ProcReply& r, const std::string& target) {
  switch (r.failure) {
    case VCB_PROC_FORK_FAILED:
      return std::string("fork failed in the helper: ") + std::strerror(r.errno_value);
    case VCB_PROC_WAIT_FAILED:
      return std::string("waitpid failed in the helper: ") + std::strerror(r.errno_value);
    case VCB_PROC_CHILD_FAILED:
      if (WIFEXITED(r.wait_status))
        return "child exited with status " + std::to_string(WEXITSTATUS(r.wait_status)) +
               (WEXITSTATUS(r.wait_status) == 127 ? " (exec of " + target + " failed)" : "");
      return "child killed by signal " + std::to_string(WTERMSIG(r.wait_status));
    case VCB_PROC_BAD_REQUEST:
      return "helper rejected the request";
    default:
      return "unknown helper failure " + std::to_string(r.failure);
  }
}

// Starts the helper with fd 3 = requests, fd 4 = replies, stdout = /dev/null (only records may
// appear on our stdout). Returns an error message, empty on success.
std::string spawn_helper(const std::string& path, const std::string& target, Helper& h) {
  int req[2], rep[2];
  if (pipe2(req, O_CLOEXEC) != 0) return errno_text("pipe");
  if (pipe2(rep, O_CLOEXEC) != 0) return errno_text("pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, req[0], VCB_PROC_REQUEST_FD);
  posix_spawn_file_actions_adddup2(&fa, rep[1], VCB_PROC_REPLY_FD);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  std::string p = path, t = target;
  char* argv[] = {p.data(), t.data(), nullptr};
  const int rc = posix_spawn(&h.pid, path.c_str(), &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(req[0]);
  close(rep[1]);
  h.request_fd = req[1];
  h.reply_fd = rep[0];
  if (rc != 0) return "posix_spawn " + path + ": " + std::strerror(rc);
  return "";
}

bool read_full(int fd, void* buf, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = read(fd, static_cast<char*>(buf) + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Closes the request pipe (the helper exits on EOF) and checks that it exited cleanly.
std::string stop_helper(Helper& h) {
  if (h.request_fd >= 0) close(h.request_fd);
  if (h.reply_fd >= 0) close(h.reply_fd);
  h.request_fd = h.reply_fd = -1;
  if (h.pid <= 0) return "";
  int status = 0;
  if (waitpid(h.pid, &status, 0) != h.pid) return errno_text("waitpid(helper)");
  h.pid = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "helper did not exit cleanly";
  return "";
}

int op_code(const std::string& op) {
  if (op == "fork") return VCB_PROC_FORK;
  if (op == "shell") return VCB_PROC_SHELL;
  return VCB_PROC_EXEC;
}

struct Run {
  std::string error;  // first failure, for the record
  std::set<int> helper_cpus;
};

// One interval: ask the helper for n operations and return its elapsed seconds (-1 on failure).
double interval(const Helper& h, int op, int64_t n, const std::string& target, Run& run) {
  const ProcRequest req{op, 0, n};
  if (write(h.request_fd, &req, sizeof req) != static_cast<ssize_t>(sizeof req)) {
    run.error = errno_text("request to helper");
    return -1;
  }
  ProcReply reply{};
  if (!read_full(h.reply_fd, &reply, sizeof reply)) {
    run.error = "helper died or closed its reply pipe";
    return -1;
  }
  if (reply.failure != VCB_PROC_OK) {
    run.error = describe(reply, target);
    return -1;
  }
  run.helper_cpus.insert(reply.cpu);
  return static_cast<double>(reply.elapsed_ns) * 1e-9;
}

nlohmann::json helper_footprint(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  const auto rss = vcb::micro::status_field_kb(vcb::micro::read_text(base + "/status"), "VmRSS");
  const long long vmas = vcb::micro::count_lines(vcb::micro::read_text(base + "/maps"));
  return {{"rss_kb", rss ? nlohmann::json(*rss) : nlohmann::json(nullptr)},
          {"vmas", vmas > 0 ? nlohmann::json(vmas) : nlohmann::json(nullptr)}};
}

const char* operation_text(const std::string& op) {
  if (op == "fork") return "fork+_exit+waitpid";
  if (op == "shell") return "fork+execl(/bin/sh -c hello)+waitpid";
  return "fork+execve(hello)+waitpid";
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("lat_proc", argc, argv);
  const std::string op = k.param("op", "fork");
  k.begin();
  if (op != "fork" && op != "exec" && op != "exec_static" && op != "shell")
    k.usage_error("--op must be one of fork, exec, exec_static, shell");
  signal(SIGPIPE, SIG_IGN);  // a dead helper must show up as EPIPE, not kill us

  const std::string dir = vcb::micro::exe_dir();
  const std::string helper_path = dir + "/vcb-proc-helper";
  const std::string target = dir + (op == "exec_static" ? "/vcb-hello-static" : "/vcb-hello");
  if (access(helper_path.c_str(), X_OK) != 0) {
    k.emit_failure(errno_text("helper " + helper_path));
    return k.finish();
  }
  if (op != "fork" && access(target.c_str(), X_OK) != 0) {
    k.emit_failure(errno_text("program to exec " + target));
    return k.finish();
  }
  if (op == "shell" && access("/bin/sh", X_OK) != 0) {
    k.emit_failure(errno_text("/bin/sh"));
    return k.finish();
  }

  Helper h;
  if (const std::string e = spawn_helper(helper_path, target, h); !e.empty()) {
    stop_helper(h);
    k.emit_failure(e);
    return k.finish();
  }
  Run run;
  const int code = op_code(op);
  // One untimed operation first: it proves the exec works and keeps the helper's cold start
  // (first fork, program not yet in the page cache) out of the calibration.
  vcb::Series s;
  if (interval(h, code, 1, target, run) >= 0)
    s = vcb::time_manual(k.plan(), "", [&](int64_t n) { return interval(h, code, n, target, run); });
  const nlohmann::json footprint = helper_footprint(h.pid);
  const std::string stop_error = stop_helper(h);
  if (!run.error.empty())
    s.error = run.error;
  else if (!stop_error.empty())
    s.error = stop_error;

  nlohmann::json detail = {{"operation", operation_text(op)},
                           {"forker", "vcb-proc-helper"},
                           {"forker_footprint", footprint},
                           {"forker_cpus", std::vector<int>(run.helper_cpus.begin(), run.helper_cpus.end())}};
  if (op != "fork") detail["program"] = target;
  k.emit({.metric = "latency",
          .unit = "us",
          .better = vcb::Better::lower,
          .series = s,
          .values = s.per_op(1e6),
          .detail = detail,
          .passed = s.ok(),
          .validation = "every child exited with status 0 (exec really happened)"});
  return k.finish();
}
