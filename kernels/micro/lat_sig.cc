// lmbench-style lat_sig: signal costs, in us per operation.
//   install: sigaction(SIGUSR1, empty handler) per op (Google Benchmark loop). Nothing subtracted.
//   catch:   two series in this invocation, same iteration count: kill(getpid(), 0) per op (the
//            permission check only) and kill(getpid(), SIGUSR1) per op with an empty counting
//            handler installed once (send + deliver + handler + sigreturn). Reported per interval:
//            deliver - median(kill0) = the delivery/catch cost without the kill syscall.
//   prot:    a page of a file in --dir mapped PROT_READ, MAP_SHARED; one volatile store to it
//            faults; the SIGSEGV handler counts and returns, the store restarts and faults again,
//            so one op = one protection fault + signal delivery + handler + sigreturn. The handler
//            makes the page writable on the n-th fault, which ends the interval (one mprotect per
//            n ops; vcb::time_manual, the store is the whole timed window). Reported per interval:
//            prot - catch cost (both measured here as above), as lmbench.
// Validation: the handler ran exactly as many times as signals were sent (or faults expected).
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "process_support.h"
#include "vcb/kernel.h"
#include "vcb/median.h"
#include "vcb/timer.h"

namespace {

using vcb::micro::errno_text;

std::atomic<uint64_t> g_caught{0};  // lock-free, so safe to bump from a handler

void count_handler(int) { g_caught.fetch_add(1, std::memory_order_relaxed); }
void empty_handler(int) {}

struct ProtPage {
  char* page = nullptr;
  size_t size = 0;
  std::atomic<uint64_t> limit{0};  // faults that make up the current interval
};
ProtPage g_prot;

void prot_handler(int sig, siginfo_t* info, void*) {
  char* addr = static_cast<char*>(info->si_addr);
  if (addr < g_prot.page || addr >= g_prot.page + g_prot.size) {
    signal(sig, SIG_DFL);  // a real crash elsewhere: let it happen when the access restarts
    return;
  }
  if (g_caught.fetch_add(1, std::memory_order_relaxed) + 1 >= g_prot.limit.load(std::memory_order_relaxed))
    mprotect(g_prot.page, g_prot.size, PROT_READ | PROT_WRITE);
}

bool install(int sig, void (*handler)(int)) {
  struct sigaction sa = {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, nullptr) == 0;
}

void install_body(benchmark::State& s) {
  struct sigaction sa = {};
  sa.sa_handler = empty_handler;
  sigemptyset(&sa.sa_mask);
  for (auto _ : s)
    if (sigaction(SIGUSR1, &sa, nullptr) != 0) {
      s.SkipWithError("sigaction failed");
      break;
    }
}

void kill0_body(benchmark::State& s) {
  const pid_t me = getpid();
  for (auto _ : s)
    if (kill(me, 0) != 0) {
      s.SkipWithError("kill(getpid(), 0) failed");
      break;
    }
}

// Sends SIGUSR1 to ourselves; `sent` counts what the handler must have seen.
std::function<void(benchmark::State&)> deliver_body(uint64_t& sent) {
  return [&sent](benchmark::State& s) {
    const pid_t me = getpid();
    for (auto _ : s) {
      if (kill(me, SIGUSR1) != 0) {
        s.SkipWithError("kill(getpid(), SIGUSR1) failed");
        break;
      }
      ++sent;
    }
  };
}

struct Catch {
  vcb::Series deliver, kill0;
  std::string error;
  double cost_us = 0;  // median(deliver) - median(kill0)
};

// The catch measurement; `n` = 0 lets the deliver series calibrate (or take --iters).
Catch measure_catch(const vcb::Plan& plan, int64_t n) {
  Catch c;
  if (!install(SIGUSR1, count_handler)) {
    c.error = errno_text("sigaction(SIGUSR1)");
    return c;
  }
  uint64_t sent = 0;
  g_caught = 0;
  c.deliver = vcb::time_gbench(n > 0 ? vcb::micro::fixed_plan(plan, n) : plan, "", deliver_body(sent));
  if (g_caught.load() != sent)
    c.error =
        "handler ran " + std::to_string(g_caught.load()) + " times for " + std::to_string(sent) + " signals";
  if (c.deliver.ok())
    c.kill0 = vcb::time_gbench(vcb::micro::fixed_plan(plan, c.deliver.iterations), "", kill0_body);
  if (c.error.empty() && !c.kill0.ok())
    c.error = c.kill0.error.empty() ? "kill(0) series failed" : c.kill0.error;
  c.cost_us = vcb::median(c.deliver.per_op(1e6)) - vcb::median(c.kill0.per_op(1e6));
  return c;
}

// Maps one page of a fresh file in `dir` read-only and shared (lmbench maps a file it is given).
std::string map_prot_page(const std::string& dir, std::string& path) {
  const std::string name = dir + "/vcb-lat_sig." + std::to_string(getpid());
  const int fd = open(name.c_str(), O_CREAT | O_RDWR | O_TRUNC, 0600);
  if (fd < 0) return errno_text("open " + name);
  path = name;  // ours to remove from here on
  g_prot.size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::string error;
  if (ftruncate(fd, static_cast<off_t>(g_prot.size)) != 0) error = errno_text("ftruncate");
  void* p = error.empty() ? mmap(nullptr, g_prot.size, PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
  if (error.empty() && p == MAP_FAILED) error = errno_text("mmap");
  close(fd);
  if (!error.empty()) return error;
  g_prot.page = static_cast<char*>(p);
  struct sigaction sa = {};
  sa.sa_sigaction = prot_handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGSEGV, &sa, nullptr) != 0 || sigaction(SIGBUS, &sa, nullptr) != 0)
    return errno_text("sigaction");
  return "";
}

// One prot interval: n faults on one store. -1 if the page cannot be re-protected or the count is off.
double prot_interval(int64_t n, std::string& error) {
  volatile char* target = g_prot.page;
  if (mprotect(g_prot.page, g_prot.size, PROT_READ) != 0) {
    error = errno_text("mprotect");
    return -1;
  }
  (void)*target;  // the page is present: every fault below is a protection fault, not a page-in
  g_caught = 0;
  g_prot.limit = static_cast<uint64_t>(n);
  const int64_t start = vcb::now_ns();
  *target = 1;
  const double t = vcb::seconds_since(start);
  if (g_caught.load() != static_cast<uint64_t>(n)) {
    error = "handler ran " + std::to_string(g_caught.load()) + " times for " + std::to_string(n) + " faults";
    return -1;
  }
  return t;
}

nlohmann::json catch_detail(const Catch& c) {
  return {{"deliver_us", vcb::median(c.deliver.per_op(1e6))},
          {"kill0_us", vcb::median(c.kill0.per_op(1e6))},
          {"catch_us", c.cost_us},
          {"iterations", c.deliver.iterations}};
}

int run_install(vcb::Kernel& k) {
  if (!install(SIGUSR1, empty_handler)) {
    k.emit_failure(errno_text("sigaction"));
    return k.finish();
  }
  const vcb::Series s = vcb::time_gbench(k.plan(), "", install_body);
  k.emit({.metric = "latency",
          .unit = "us",
          .better = vcb::Better::lower,
          .series = s,
          .values = s.per_op(1e6),
          .detail = {{"operation", "sigaction(SIGUSR1)"}},
          .passed = s.ok(),
          .validation = "every sigaction returned 0"});
  return k.finish();
}

int run_catch(vcb::Kernel& k) {
  Catch c = measure_catch(k.plan(), 0);
  if (!c.error.empty()) c.deliver.error = c.error;
  nlohmann::json detail = catch_detail(c);
  detail["operation"] = "kill(getpid(), SIGUSR1) + handler - kill(getpid(), 0)";
  k.emit({.metric = "latency",
          .unit = "us",
          .better = vcb::Better::lower,
          .series = c.deliver,
          .values = vcb::micro::minus(c.deliver.per_op(1e6), vcb::median(c.kill0.per_op(1e6))),
          .detail = detail,
          .passed = c.error.empty(),
          .validation = "the handler ran exactly once per signal sent"});
  return k.finish();
}

int run_prot(vcb::Kernel& k, const std::string& dir) {
  std::string path, error = map_prot_page(dir, path);
  if (!error.empty()) {
    if (!path.empty()) unlink(path.c_str());
    k.emit_failure(error);
    return k.finish();
  }
  vcb::Series s = vcb::time_manual(k.plan(), "", [&](int64_t n) { return prot_interval(n, error); });
  const Catch c = s.ok() ? measure_catch(k.plan(), s.iterations) : Catch{};
  if (munmap(g_prot.page, g_prot.size) != 0 && error.empty()) error = errno_text("munmap");
  if (unlink(path.c_str()) != 0 && error.empty()) error = errno_text("unlink " + path);
  if (error.empty() && s.ok()) error = c.error;
  if (!error.empty()) s.error = error;
  const double raw_us = vcb::median(s.per_op(1e6));
  nlohmann::json detail = catch_detail(c);
  detail["operation"] = "protection fault on a PROT_READ MAP_SHARED file page + SIGSEGV handler - catch";
  detail["prot_raw_us"] = raw_us;
  std::string validation = "the handler ran exactly once per fault and once per signal sent";
  const bool positive = raw_us > c.cost_us;
  if (error.empty() && !positive)
    validation = "the protection fault (" + std::to_string(raw_us) +
                 " us) is not dearer than the catch cost (" + std::to_string(c.cost_us) +
                 " us): nothing left after subtraction";
  k.emit({.metric = "latency",
          .unit = "us",
          .better = vcb::Better::lower,
          .series = s,
          .values = vcb::micro::minus(s.per_op(1e6), c.cost_us),
          .detail = detail,
          .passed = error.empty() && positive,
          .validation = validation});
  return k.finish();
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("lat_sig", argc, argv);
  const std::string op = k.param("op", "install");
  const std::string dir = k.option("dir", "/tmp");
  k.begin();
  if (op == "install") return run_install(k);
  if (op == "catch") return run_catch(k);
  if (op == "prot") return run_prot(k, dir);
  k.usage_error("--op must be one of install, catch, prot");
}
