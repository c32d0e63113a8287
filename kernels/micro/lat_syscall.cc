// lmbench-style lat_syscall: the cost of one system call.
// Timed loop (Google Benchmark, fixed iterations per interval): one operation per iteration,
//   null  = getppid()                 (not getpid, which glibc once cached)
//   read  = read(fd, &c, 1) of /dev/zero   write = write(fd, &c, 1) to /dev/null
//   stat  = stat(file)   fstat = fstat(fd) of that file   open = open(file, O_RDONLY) + close
// Files are opened once before timing; the file lives in --dir (its file system is recorded).
// Nothing is subtracted: the loop overhead of a Google Benchmark iteration is under 1 ns.
// Every call's result is checked inside the loop; one failure fails the record.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "vcb/context.h"
#include "vcb/kernel.h"

namespace {

struct Files {
  int zero = -1, null = -1, target = -1;
  std::string path;
};

bool prepare(const std::string& dir, Files& f) {
  f.path = dir + "/vcb-lat_syscall." + std::to_string(getpid());
  const int fd = open(f.path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return false;
  close(fd);
  f.zero = open("/dev/zero", O_RDONLY);
  f.null = open("/dev/null", O_WRONLY);
  f.target = open(f.path.c_str(), O_RDONLY);
  return f.zero >= 0 && f.null >= 0 && f.target >= 0;
}

std::function<void(benchmark::State&)> body_for(const std::string& op, const Files& f) {
  if (op == "null")
    return [](benchmark::State& s) { for (auto _ : s) benchmark::DoNotOptimize(getppid()); };
  if (op == "read")
    return [&f](benchmark::State& s) {
      char c;
      for (auto _ : s) if (read(f.zero, &c, 1) != 1) { s.SkipWithError("read(/dev/zero) failed"); break; }
    };
  if (op == "write")
    return [&f](benchmark::State& s) {
      char c = 0;
      for (auto _ : s) if (write(f.null, &c, 1) != 1) { s.SkipWithError("write(/dev/null) failed"); break; }
    };
  if (op == "stat")
    return [&f](benchmark::State& s) {
      struct stat st;
      for (auto _ : s) if (stat(f.path.c_str(), &st) != 0) { s.SkipWithError("stat failed"); break; }
    };
  if (op == "fstat")
    return [&f](benchmark::State& s) {
      struct stat st;
      for (auto _ : s) if (fstat(f.target, &st) != 0) { s.SkipWithError("fstat failed"); break; }
    };
  return [&f](benchmark::State& s) {
    for (auto _ : s) {
      const int fd = open(f.path.c_str(), O_RDONLY);
      if (fd < 0 || close(fd) != 0) { s.SkipWithError("open/close failed"); break; }
    }
  };
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("lat_syscall", argc, argv);
  const std::string op = k.param("op", "null");
  const std::string dir = k.option("dir", "/tmp");
  k.begin();
  if (op != "null" && op != "read" && op != "write" && op != "stat" && op != "fstat" && op != "open")
    k.usage_error("--op must be one of null, read, write, stat, fstat, open");

  Files files;
  if (!prepare(dir, files)) {
    k.emit_failure("cannot create or open the test file in " + dir);
    return k.finish();
  }
  const vcb::Series s = vcb::time_gbench(k.plan(), "", body_for(op, files));
  unlink(files.path.c_str());

  nlohmann::json detail = {{"operation", op == "null" ? "getppid()" : op}};
  if (op == "stat" || op == "fstat" || op == "open") detail["filesystem"] = vcb::filesystem_of(dir);
  k.emit({.metric = "latency", .unit = "us", .better = vcb::Better::lower, .series = s,
          .values = s.per_op(1e6), .detail = detail, .passed = s.ok(),
          .validation = "every call returned success"});
  return k.finish();
}
