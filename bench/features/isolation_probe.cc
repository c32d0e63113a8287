// vcb-isolation: what an environment lets a program do, read from inside (issue 9, the feature
// table's isolation column). It tries system calls that a container's seccomp profile commonly
// refuses, each with arguments that make it a no-op or fail harmlessly where it is allowed, and
// counts how many the environment let through. EPERM or ENOSYS counts as refused: that is what a
// seccomp filter answers (Docker's and Podman's default profiles return EPERM), though a missing
// capability can answer EPERM too, so the feature table compares with the native row.
// Its context carries the kernel release, the namespace inodes, seccomp mode and capabilities.
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "vcb/kernel.h"
#include "vcb/timer.h"

namespace {

struct Probe { const char* name; long (*call)(); };

// Every call either does nothing (flags 0, a query) or is refused by the kernel for its arguments
// (bad fd, null pointer, no such pid) after the filter has had its say.
const Probe probes[] = {
    {"getpid", [] { return syscall(SYS_getpid); }},
    {"uname", [] { return syscall(SYS_uname, nullptr); }},
    {"unshare", [] { return syscall(SYS_unshare, 0); }},
    {"setns", [] { return syscall(SYS_setns, -1, 0); }},
    {"keyctl", [] { return syscall(SYS_keyctl, -1, 0, 0, 0, 0); }},
    {"add_key", [] { return syscall(SYS_add_key, nullptr, nullptr, nullptr, 0, 0); }},
    {"request_key", [] { return syscall(SYS_request_key, nullptr, nullptr, nullptr, 0); }},
    {"perf_event_open", [] { return syscall(SYS_perf_event_open, nullptr, 0, -1, -1, 0); }},
    {"kcmp", [] { return syscall(SYS_kcmp, -1, -1, 0, 0, 0); }},
    {"process_vm_readv", [] { return syscall(SYS_process_vm_readv, -1, nullptr, 0, nullptr, 0, 0); }},
    {"name_to_handle_at", [] { return syscall(SYS_name_to_handle_at, -1, nullptr, nullptr, nullptr, 0); }},
    {"clock_settime", [] { return syscall(SYS_clock_settime, 0, nullptr); }},
    {"settimeofday", [] { return syscall(SYS_settimeofday, nullptr, nullptr); }},
    {"get_mempolicy", [] { return syscall(SYS_get_mempolicy, nullptr, nullptr, 0, nullptr, 0); }},
    {"set_mempolicy", [] { return syscall(SYS_set_mempolicy, 0, nullptr, 0); }},
    {"mbind", [] { return syscall(SYS_mbind, nullptr, 0, 0, nullptr, 0, 0); }},
    {"move_pages", [] { return syscall(SYS_move_pages, 0, 0, nullptr, nullptr, nullptr, 0); }},
    {"ptrace", [] { return syscall(SYS_ptrace, 0x4206 /* PTRACE_SEIZE */, -1, 0, 0); }},
    {"userfaultfd", [] { return syscall(SYS_userfaultfd, -1); }},
    {"io_uring_setup", [] { return syscall(SYS_io_uring_setup, 0, nullptr); }},
    {"landlock_create_ruleset", [] { return syscall(444 /* SYS_landlock_create_ruleset */, nullptr, 0, 1); }},
    {"personality", [] { return syscall(SYS_personality, 0xffffffffUL); }},
};

std::string errno_name(int e) {
  switch (e) {
    case 0: return "ok";
    case EPERM: return "EPERM";
    case ENOSYS: return "ENOSYS";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case EBADF: return "EBADF";
    case ESRCH: return "ESRCH";
    default: return std::strerror(e);
  }
}

std::vector<std::string> visible_devices() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/dev", ec))
    if (e.is_character_file(ec) || e.is_block_file(ec)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string status_line(const std::string& key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key, 0) == 0) {
      const auto start = line.find_first_not_of(" \t", key.size());
      return start == std::string::npos ? "" : line.substr(start);
    }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("isolation", argc, argv);
  k.begin();
  const int64_t t0 = vcb::now_ns();
  nlohmann::json calls = nlohmann::json::object();
  int allowed = 0;
  for (const auto& p : probes) {
    errno = 0;
    const long r = p.call();
    const int e = r == -1 ? errno : 0;
    calls[p.name] = errno_name(e);
    allowed += (e == EPERM || e == ENOSYS) ? 0 : 1;
  }
  vcb::Series s;
  s.iterations = 1;
  s.seconds = {vcb::seconds_since(t0)};
  const auto devices = visible_devices();
  k.emit({.metric = "syscalls_allowed", .unit = "calls", .better = vcb::Better::lower, .series = s,
          .values = {static_cast<double>(allowed)}, .detail = {{"probed", std::size(probes)}, {"calls", calls},
          {"refused_means", "EPERM or ENOSYS"}, {"devices", devices}, {"device_count", devices.size()},
          {"seccomp_filters", status_line("Seccomp_filters:")}, {"no_new_privs", status_line("NoNewPrivs:")}},
          .passed = allowed > 0, .validation = "getpid and uname, never filtered, were allowed"});
  return k.finish();
}
