#include "postcopy_probe.h"

#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "vcb/context.h"

namespace vcb::migrate {
namespace {

// Registers one anonymous page for missing faults; QEMU needs copy, zeropage and wake on it.
std::string check_registration(int fd) {
  const long page = sysconf(_SC_PAGESIZE);
  void* region = mmap(nullptr, static_cast<size_t>(page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return "mmap failed";
  uffdio_register reg{};
  reg.range.start = reinterpret_cast<uintptr_t>(region);
  reg.range.len = static_cast<uint64_t>(page);
  reg.mode = UFFDIO_REGISTER_MODE_MISSING;
  std::string why;
  const uint64_t needed = (1ULL << _UFFDIO_COPY) | (1ULL << _UFFDIO_ZEROPAGE) | (1ULL << _UFFDIO_WAKE);
  if (ioctl(fd, UFFDIO_REGISTER, &reg) != 0) why = std::string("UFFDIO_REGISTER: ") + std::strerror(errno);
  else if ((reg.ioctls & needed) != needed) why = "userfaultfd lacks UFFDIO_COPY/ZEROPAGE/WAKE on anonymous memory";
  munmap(region, static_cast<size_t>(page));
  return why;
}

}  // namespace

UffdProbe probe_userfaultfd() {
  UffdProbe p;
  const std::string sysctl = read_first_line("/proc/sys/vm/unprivileged_userfaultfd");
  p.facts = {{"unprivileged_userfaultfd", sysctl.empty() ? nlohmann::json(nullptr) : nlohmann::json(sysctl)},
             {"dev_userfaultfd", access("/dev/userfaultfd", F_OK) == 0}, {"euid", geteuid()}};
  const int fd = static_cast<int>(syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK));
  if (fd < 0) {
    const int e = errno;
    p.facts["syscall"] = std::strerror(e);
    p.reason = std::string("userfaultfd(2) failed: ") + std::strerror(e) +
               (e == EPERM ? " (unprivileged_userfaultfd=" + sysctl + "; QEMU needs CAP_SYS_PTRACE or the sysctl at 1)"
                           : e == ENOSYS ? " (kernel built without CONFIG_USERFAULTFD)" : "");
    return p;
  }
  p.facts["syscall"] = "ok";
  uffdio_api api{};
  api.api = UFFD_API;
  if (ioctl(fd, UFFDIO_API, &api) != 0) p.reason = std::string("UFFDIO_API: ") + std::strerror(errno);
  else p.reason = check_registration(fd);
  p.facts["features"] = api.features;
  close(fd);
  p.ok = p.reason.empty();
  return p;
}

}  // namespace vcb::migrate
