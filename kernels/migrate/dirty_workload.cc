#include "dirty_workload.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "vcb/timer.h"

namespace vcb::migrate {
namespace {

struct Options {
  double mb_s = 0;
  long working_set_mb = 64;
  bool daemon = false;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--daemon") o.daemon = true;
    else if (a == "--mb-s" && i + 1 < argc) o.mb_s = std::atof(argv[++i]);
    else if (a == "--working-set-mb" && i + 1 < argc) o.working_set_mb = std::atol(argv[++i]);
    else return false;
  }
  return o.mb_s >= 0 && o.working_set_mb > 0;
}

// Written to a new file and renamed, so a reader never sees half a number.
void write_atomically(const char* path, const std::string& text) {
  const std::string tmp = std::string(path) + ".new";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const ssize_t n = write(fd, text.data(), text.size());
  close(fd);
  if (n == static_cast<ssize_t>(text.size())) rename(tmp.c_str(), path);
}

// The guest-physical address of a resident page, from /proc/self/pagemap (PFN visible to root).
uint64_t physical_address(const void* p) {
  const int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  uint64_t entry = 0;
  const off_t at = static_cast<off_t>(reinterpret_cast<uintptr_t>(p) / page_bytes * sizeof entry);
  const bool ok = pread(fd, &entry, sizeof entry, at) == sizeof entry;
  close(fd);
  const uint64_t pfn = entry & ((1ULL << 55) - 1);
  if (!ok || !(entry >> 63) || pfn == 0) return 0;
  return pfn * page_bytes + reinterpret_cast<uintptr_t>(p) % page_bytes;
}

// The counter page: locked and kept out of transparent huge pages, so its physical address, read
// once, stays valid.
volatile uint64_t* counter_page() {
  void* p = mmap(nullptr, page_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  madvise(p, page_bytes, MADV_NOHUGEPAGE);
  std::memset(p, 0, page_bytes);
  if (mlock(p, page_bytes) != 0) return nullptr;
  return static_cast<volatile uint64_t*>(p);
}

// The working set, every page written once (non-zero, so QEMU cannot send it as a zero page).
char* working_set(long mb) {
  const size_t bytes = static_cast<size_t>(mb) << 20;
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  std::memset(p, 0x5a, bytes);
  return static_cast<char*>(p);
}

// Paced at 100 ticks per second on the guest's clock. After a stall (the guest paused) it does not
// catch up in a burst: the dirty rate stays what was asked.
[[noreturn]] void dirty_forever(const Options& o, char* set, volatile uint64_t* counter, int ready_fd) {
  const size_t pages = (static_cast<size_t>(o.working_set_mb) << 20) / page_bytes;
  const double per_tick = pages_per_tick(o.mb_s);
  const int64_t tick_ns = 1000000000 / ticks_per_s;
  double owed = 0;
  uint64_t written = 0;
  size_t next_page = 0;
  int64_t next = now_ns();
  for (unsigned tick = 0;; ++tick) {
    owed += per_tick;
    for (; owed >= 1; owed -= 1) {
      *reinterpret_cast<volatile uint64_t*>(set + next_page * page_bytes) = ++written;
      next_page = (next_page + 1) % pages;
    }
    *counter = written;
    if (tick % 10 == 0) write_atomically(counter_file, std::to_string(written) + "\n");
    if (ready_fd >= 0) {  // the first count is readable: the starter may return
      const char ok = 1;
      (void)!write(ready_fd, &ok, 1);
      close(ready_fd);
      ready_fd = -1;
    }
    next += tick_ns;
    const int64_t now = now_ns();
    if (now > next + 10 * tick_ns) next = now;
    else if (next > now) usleep(static_cast<useconds_t>((next - now) / 1000));
  }
}

// Sets up and runs; returns only when the memory cannot be had.
int run_workload(const Options& o, int ready_fd) {
  char* set = working_set(o.working_set_mb);
  volatile uint64_t* counter = counter_page();
  if (!set || !counter) return 1;
  write_atomically(address_file, std::to_string(physical_address(const_cast<uint64_t*>(counter))) + "\n");
  dirty_forever(o, set, counter, ready_fd);
}

// Detaches: a new session (out of the agent's process group), no descriptor of the agent's pipes
// kept (they see end-of-file), and the starter returns once the child reports that it runs.
int start_detached(const Options& o) {
  int ready[2];
  if (pipe(ready) != 0) return 1;
  const pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    close(ready[0]);
    setsid();
    if (fork() != 0) _exit(0);
    const int null_fd = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd) dup2(null_fd, fd);
    // The agent's pipes may sit on other descriptors too (it dup2s them to 1 and 2 without closing
    // the originals): every copy must go, or the agent waits for their end-of-file forever.
    for (int fd = 3; fd < 1024; ++fd)
      if (fd != ready[1]) close(fd);
    _exit(run_workload(o, ready[1]));
  }
  close(ready[1]);
  char ok = 0;
  const bool started = read(ready[0], &ok, 1) == 1 && ok == 1;
  close(ready[0]);
  if (!started) std::fprintf(stderr, "vcb-migrate dirty: the workload did not start (memory?)\n");
  return started ? 0 : 1;
}

}  // namespace

double pages_per_tick(double mb_s) {
  return mb_s <= 0 ? 1.0 : mb_s * 1e6 / page_bytes / ticks_per_s;
}

int run_dirty_workload(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: vcb-migrate dirty --mb-s N --working-set-mb W [--daemon]\n");
    return 2;
  }
  return o.daemon ? start_detached(o) : run_workload(o, -1);
}

}  // namespace vcb::migrate
