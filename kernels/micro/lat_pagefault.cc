// lmbench-style lat_pagefault: the cost of a page fault, in us per page.
//   file (lmbench): a --size-mb file written here in --dir (so its pages are in the page cache) is
//     mapped PROT_READ, MAP_SHARED and msync(MS_INVALIDATE)d. One op = read one byte of every page
//     in a fixed random order, then munmap + mmap + msync(MS_INVALIDATE). A second series times
//     munmap + mmap + msync alone (on a mapping never touched); per page =
//     (op - median(remap)) / pages. These are minor faults on cached pages, and the kernel's
//     fault-around maps up to 16 neighbours per fault (default 64 KB), so it is an amortised
//     per-page cost, not one fault. The file is written with page-sized write(2)s, so its page
//     cache holds small folios; written in big chunks, recent kernels (large folios, e.g. ext4 on
//     6.x) map a whole folio per fault (1 MB was seen). MADV_RANDOM does not disable fault-around
//     (should_fault_around() ignores it), so no "no fault-around" variant is offered. The PTE
//     teardown of the touched mapping stays in the cost (lmbench's remap series has none).
//   anon: first-touch anonymous faults. One op = mmap(MAP_PRIVATE|MAP_ANONYMOUS) +
//     madvise(MADV_NOHUGEPAGE) (4 KB pages even when THP is "always") + write one byte in every
//     page in order + munmap; the second series times mmap + madvise + munmap alone. Per page =
//     zero-fill fault + page freeing at munmap.
// Both series run with Google Benchmark; the subtracted series runs `remap_factor` times the
// iterations of the first (it is ~pages/16 times cheaper), so the harness calibrates one number.
// Validation: file: the bytes read every op sum to what was written (each page holds a known
// byte); anon: after measuring, one more mapping is touched and every page reads back its byte.
// Minor faults per page (getrusage) are reported in the detail.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "process_support.h"
#include "vcb/context.h"
#include "vcb/kernel.h"
#include "vcb/median.h"

namespace {

using vcb::micro::errno_text;

uint8_t page_byte(size_t page) { return static_cast<uint8_t>(page * 7 + 1); }

struct Target {
  std::string op;
  size_t bytes = 0, page = 0, pages = 0;
  int fd = -1;
  std::string path;
  char* map = nullptr;
  std::vector<uint32_t> order;
  uint64_t expected_sum = 0;  // of page_byte over all pages
  uint64_t ops = 0;           // touch ops run, for faults per page
};

long minor_faults() {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_minflt : -1;
}

// Writes the file one page per write(2) (each page filled with its page_byte) and fsyncs it, so the
// page cache holds it clean, in small folios (see the top comment).
std::string write_file(Target& t, const std::string& dir) {
  const std::string path = dir + "/vcb-lat_pagefault." + std::to_string(getpid());
  t.fd = open(path.c_str(), O_CREAT | O_RDWR | O_TRUNC, 0600);
  if (t.fd < 0) return errno_text("open " + path);
  t.path = path;  // ours to remove from here on
  constexpr size_t chunk_pages = 1;
  std::vector<char> buf(chunk_pages * t.page);
  for (size_t first = 0; first < t.pages; first += chunk_pages) {
    const size_t count = std::min(chunk_pages, t.pages - first);
    for (size_t p = 0; p < count; ++p) {
      std::fill_n(buf.begin() + static_cast<ptrdiff_t>(p * t.page), t.page,
                  static_cast<char>(page_byte(first + p)));
      t.expected_sum += page_byte(first + p);
    }
    const size_t len = count * t.page;
    if (write(t.fd, buf.data(), len) != static_cast<ssize_t>(len))
      return errno_text("write " + t.path) + " (or short write)";
  }
  return fsync(t.fd) == 0 ? "" : errno_text("fsync " + t.path);
}

// mmap (+ msync or madvise as the op wants); nullptr on failure.
char* map_target(const Target& t) {
  if (t.op == "anon") {
    void* p = mmap(nullptr, t.bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || madvise(p, t.bytes, MADV_NOHUGEPAGE) != 0) return nullptr;
    return static_cast<char*>(p);
  }
  void* p = mmap(nullptr, t.bytes, PROT_READ, MAP_SHARED, t.fd, 0);
  if (p == MAP_FAILED || msync(p, t.bytes, MS_INVALIDATE) != 0) return nullptr;
  return static_cast<char*>(p);
}

uint64_t touch_file(const Target& t) {
  uint64_t sum = 0;
  const volatile uint8_t* base = reinterpret_cast<const volatile uint8_t*>(t.map);
  for (uint32_t p : t.order) sum += base[static_cast<size_t>(p) * t.page];
  return sum;
}

void touch_anon(char* map, const Target& t) {
  volatile char* base = map;
  for (size_t p = 0; p < t.pages; ++p) base[p * t.page] = static_cast<char>(page_byte(p));
}

// file: touch every page of the standing mapping, then remap; anon: map, touch, unmap.
void touch_body(benchmark::State& s, Target& t) {
  for (auto _ : s) {
    if (t.op == "anon") {
      char* m = map_target(t);
      if (!m) {
        s.SkipWithError("mmap/madvise failed");
        break;
      }
      touch_anon(m, t);
      if (munmap(m, t.bytes) != 0) {
        s.SkipWithError("munmap failed");
        break;
      }
    } else {
      if (touch_file(t) != t.expected_sum) {
        s.SkipWithError("bytes read differ from the file's");
        break;
      }
      if (munmap(t.map, t.bytes) != 0 || !(t.map = map_target(t))) {
        s.SkipWithError("remap failed");
        break;
      }
    }
    ++t.ops;
  }
}

void remap_body(benchmark::State& s, Target& t) {
  for (auto _ : s) {
    if (t.op == "anon") {
      char* m = map_target(t);
      if (!m || munmap(m, t.bytes) != 0) {
        s.SkipWithError("mmap/munmap failed");
        break;
      }
    } else if (munmap(t.map, t.bytes) != 0 || !(t.map = map_target(t))) {
      s.SkipWithError("remap failed");
      break;
    }
  }
}

std::string verify_anon(const Target& t) {
  char* m = map_target(t);
  if (!m) return errno_text("mmap");
  touch_anon(m, t);
  std::string error;
  for (size_t p = 0; p < t.pages && error.empty(); ++p)
    if (static_cast<uint8_t>(m[p * t.page]) != page_byte(p))
      error = "page " + std::to_string(p) + " lost its byte";
  munmap(m, t.bytes);
  return error;
}

int64_t remap_factor(size_t pages) { return static_cast<int64_t>(std::max<size_t>(1, pages / 16)); }

struct Outcome {
  vcb::Series touch, remap;
  std::string error;
  double faults_per_page = 0;
};

Outcome measure(const vcb::Plan& plan, Target& t) {
  Outcome o;
  const long faults0 = minor_faults();
  o.touch = vcb::time_gbench(plan, "", [&t](benchmark::State& s) { touch_body(s, t); });
  const long faults1 = minor_faults();
  if (t.ops > 0 && faults0 >= 0 && faults1 >= 0)
    o.faults_per_page = static_cast<double>(faults1 - faults0) / static_cast<double>(t.ops * t.pages);
  if (!o.touch.ok()) return o;
  const vcb::Plan remap_plan = vcb::micro::fixed_plan(plan, o.touch.iterations * remap_factor(t.pages));
  o.remap = vcb::time_gbench(remap_plan, "", [&t](benchmark::State& s) { remap_body(s, t); });
  if (!o.remap.ok())
    o.error = o.remap.error.empty() ? "remap series failed" : o.remap.error;
  else if (t.op == "anon")
    o.error = verify_anon(t);
  return o;
}

std::string prepare(Target& t, const std::string& dir) {
  if (t.op == "anon") return "";
  if (std::string e = write_file(t, dir); !e.empty()) return e;
  t.order = vcb::micro::random_order(static_cast<uint32_t>(t.pages), 0x5eed);
  t.map = map_target(t);
  return t.map ? "" : errno_text("mmap " + t.path);
}

void release(Target& t) {
  if (t.map) munmap(t.map, t.bytes);
  if (t.fd >= 0) close(t.fd);
  if (!t.path.empty() && unlink(t.path.c_str()) != 0)
    std::perror(("vcb-lat_pagefault: unlink " + t.path).c_str());
}

const char* label(const std::string& op) {
  if (op == "anon")
    return "first-touch anonymous write faults, 4 KB pages (MADV_NOHUGEPAGE), incl. freeing at munmap";
  return "minor faults on page-cache pages with kernel fault-around (lmbench)";
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("lat_pagefault", argc, argv);
  const std::string op = k.param("op", "file");
  const long long size_mb = k.param_int("size-mb", 64);
  const std::string dir = k.option("dir", "/tmp");
  k.begin();
  if (op != "file" && op != "anon") k.usage_error("--op must be file or anon");
  if (size_mb < 1 || size_mb > 1 << 20) k.usage_error("--size-mb must be at least 1");

  Target t;
  t.op = op;
  t.page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  t.bytes = static_cast<size_t>(size_mb) << 20;
  t.pages = t.bytes / t.page;
  if (const std::string e = prepare(t, dir); !e.empty()) {
    release(t);
    k.emit_failure(e);
    return k.finish();
  }
  Outcome o = measure(k.plan(), t);
  release(t);
  if (!o.error.empty()) o.touch.error = o.error;

  const double remap_us = vcb::median(o.remap.per_op(1e6));
  const double pages = static_cast<double>(t.pages);
  std::vector<double> values;
  for (double v : o.touch.per_op(1e6)) values.push_back((v - remap_us) / pages);
  nlohmann::json detail = {{"faults", label(op)},
                           {"pages", t.pages},
                           {"page_bytes", t.page},
                           {"op_us", vcb::median(o.touch.per_op(1e6))},
                           {"remap_us", remap_us},
                           {"remap_iterations", o.remap.iterations},
                           {"minor_faults_per_page", o.faults_per_page}};
  if (op != "anon") detail["filesystem"] = vcb::filesystem_of(dir);
  k.emit({.metric = "latency",
          .unit = "us",
          .better = vcb::Better::lower,
          .series = o.touch,
          .values = values,
          .detail = detail,
          .passed = o.error.empty(),
          .validation = op == "anon" ? "every touched page read back its byte"
                                     : "every op read back the file's bytes"});
  return k.finish();
}
