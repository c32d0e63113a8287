// lmbench-style lat_mmap: the cost of mapping a file, using it a little, and unmapping it.
// A --size-mb file is written in --dir first (zeros, really written, not sparse, one page per
// write(2) as lat_pagefault: big writes give recent kernels large page-cache folios, which change
// how many faults the stores take), then fsynced so it starts clean. One op (Google
// Benchmark loop) = mmap(size, PROT_READ|PROT_WRITE, MAP_SHARED, fd) + store one byte every 16 KB
// over the first size/10 bytes + munmap; reported in us per op. Nothing is subtracted. The stores
// dirty shared file pages, so writeback (file-system dependent) can run in the background.
// Validation after measuring: msync(MS_SYNC) of one more mapping, then the file is read back
// with pread: every stored offset holds the stored byte and the byte after it is still zero.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "process_support.h"
#include "vcb/context.h"
#include "vcb/kernel.h"

namespace {

using vcb::micro::errno_text;

constexpr int64_t stride = 16 * 1024;
constexpr char stored = 0x5a;

struct File {
  std::string path;
  int fd = -1;
  size_t bytes = 0;
  std::vector<int64_t> offsets;
};

std::string write_zeros(File& f, const std::string& dir) {
  const std::string path = dir + "/vcb-lat_mmap." + std::to_string(getpid());
  f.fd = open(path.c_str(), O_CREAT | O_RDWR | O_TRUNC, 0600);
  if (f.fd < 0) return errno_text("open " + path);
  f.path = path;  // ours to remove from here on
  const std::vector<char> zeros(static_cast<size_t>(sysconf(_SC_PAGESIZE)), 0);
  for (size_t done = 0; done < f.bytes;) {
    const size_t len = std::min(zeros.size(), f.bytes - done);
    const ssize_t n = write(f.fd, zeros.data(), len);
    if (n <= 0) return errno_text("write " + f.path);
    done += static_cast<size_t>(n);
  }
  return fsync(f.fd) == 0 ? "" : errno_text("fsync " + f.path);
}

void body(benchmark::State& s, const File& f) {
  for (auto _ : s) {
    void* p = mmap(nullptr, f.bytes, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd, 0);
    if (p == MAP_FAILED) {
      s.SkipWithError("mmap failed");
      break;
    }
    volatile char* base = static_cast<char*>(p);
    for (int64_t off : f.offsets) base[off] = stored;
    if (munmap(p, f.bytes) != 0) {
      s.SkipWithError("munmap failed");
      break;
    }
  }
}

std::string verify(const File& f) {
  void* p = mmap(nullptr, f.bytes, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd, 0);
  if (p == MAP_FAILED) return errno_text("mmap");
  const bool synced = msync(p, f.bytes, MS_SYNC) == 0;
  const std::string sync_error = synced ? "" : errno_text("msync");
  munmap(p, f.bytes);
  if (!synced) return sync_error;
  for (int64_t off : f.offsets) {
    char b[2];
    if (pread(f.fd, b, 2, off) != 2) return errno_text("pread " + f.path);
    if (b[0] != stored || b[1] != 0)
      return "file byte at offset " + std::to_string(off) + " is not what was stored";
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("lat_mmap", argc, argv);
  const long long size_mb = k.param_int("size-mb", 64);
  const std::string dir = k.option("dir", "/tmp");
  k.begin();
  if (size_mb < 1 || size_mb > 1 << 20) k.usage_error("--size-mb must be at least 1");

  File f;
  f.bytes = static_cast<size_t>(size_mb) << 20;
  f.offsets = vcb::micro::mmap_store_offsets(static_cast<int64_t>(f.bytes), stride);
  std::string error = write_zeros(f, dir);
  vcb::Series s;
  if (error.empty()) {
    s = vcb::time_gbench(k.plan(), "", [&f](benchmark::State& st) { body(st, f); });
    if (s.ok()) error = verify(f);
  }
  if (f.fd >= 0) close(f.fd);
  if (!f.path.empty() && unlink(f.path.c_str()) != 0 && error.empty()) error = errno_text("unlink " + f.path);
  if (!error.empty() && s.iterations == 0) {
    k.emit_failure(error);
    return k.finish();
  }
  if (!error.empty()) s.error = error;
  const nlohmann::json detail = {{"operation", "mmap + store every 16 KB over size/10 + munmap"},
                                 {"stores_per_op", f.offsets.size()},
                                 {"file_written_in", "page-sized writes"},
                                 {"filesystem", vcb::filesystem_of(dir)}};
  k.emit({.metric = "latency",
          .unit = "us",
          .better = vcb::Better::lower,
          .series = s,
          .values = s.per_op(1e6),
          .detail = detail,
          .passed = error.empty(),
          .validation = "after msync the file holds every stored byte and nothing else changed"});
  return k.finish();
}
