#pragma once
// Runs one program to completion with a timeout, capturing its output. The child gets its own
// process group (so a timeout kills everything it started) and dies with the harness
// (PR_SET_PDEATHSIG), so no kernel outlives a killed run.
#include <optional>
#include <string>
#include <vector>

namespace vcb {

struct ProcessResult {
  bool started = false;        // false: fork/exec failed (see error)
  std::string error;
  int exit_code = -1;          // valid when exited normally
  int signal = 0;              // non-zero when killed by a signal
  bool timed_out = false;
  bool interrupted = false;    // the harness got SIGINT/SIGTERM while this ran; the child was killed
  std::string out;             // complete stdout
  std::string err_tail;        // last few KB of stderr
  double wall_s = 0;
  double cpu_s = 0;            // user+system of the whole child tree (wait4 rusage)
};

struct ProcessOptions {
  double timeout_s = 60;
  std::optional<std::vector<int>> cpus;  // CPU binding applied in the child before exec
  std::vector<std::string> env;          // extra NAME=VALUE entries
  bool interruptible = true;             // false for clean-up, which must finish after SIGINT
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options);

// SIGINT, SIGTERM and SIGHUP set a flag instead of killing the harness, so it can kill the
// measurement in flight, tear its environments down and leave a resumable run.
void install_interrupt_handlers();
bool interrupted();

// The first non-blank line of a tool's output, without surrounding blanks: what error messages quote.
std::string first_line(const std::string& text);
// One POSIX shell word for `s` (single-quoted when it needs quoting), and a whole command line of them.
std::string shell_quote(const std::string& s);
std::string shell_line(const std::vector<std::string>& argv);

// Searches PATH like execvp; empty when not found.
std::string find_program(const std::string& name);

}  // namespace vcb
