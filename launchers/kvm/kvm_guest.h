#pragma once
// One running QEMU process and the two channels to it: the guest agent on ttyS1 (see
// agent/vcb_kvm_agent.c for the protocol) and QMP. QEMU is started by fork/exec here rather than
// run_process because it outlives a call; it gets PR_SET_PDEATHSIG like every child of the
// harness, so it dies with the harness even on SIGKILL.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/subprocess.h"
#include "kvm/kvm_qmp.h"
#include "kvm/socket_line.h"

namespace vcb {

class QemuGuest {
 public:
  ~QemuGuest() { kill_now(); }
  // Starts QEMU with `argv`, its own stdout/stderr going to log_path.
  bool launch(const std::vector<std::string>& argv, const std::string& log_path, std::string& error);
  // Pings the agent until it answers (the boot is done) or timeout_s passes.
  bool wait_ready(const std::string& agent_socket, double timeout_s, std::string& error);
  // Runs argv in the guest. On timeout: asks the agent to kill it; timed_out is set either way,
  // and `wedged()` tells whether the agent stopped answering (the caller reboots the guest).
  ProcessResult run(const std::vector<std::string>& argv, double timeout_s);
  bool wedged() const { return wedged_; }
  // QMP: connects (once) and runs one command; the "return" member, or null on failure.
  nlohmann::json qmp(const std::string& qmp_socket, const std::string& command);
  // Asks the guest to power off, waits up to grace_s for QEMU to exit, then kills it.
  void shutdown(double grace_s);
  void kill_now();
  int pid() const { return pid_; }
  bool alive();
  // user+system seconds of the QEMU process (all its threads), from /proc/<pid>/stat.
  double cpu_seconds() const;

 private:
  bool read_frames(ProcessResult& r, int64_t deadline_ns, bool interruptible);
  int pid_ = -1;
  SocketLine agent_;
  QmpClient qmp_;
  bool wedged_ = false;
};

}  // namespace vcb
