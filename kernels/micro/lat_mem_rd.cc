// lmbench-style lat_mem_rd: load-to-use latency of dependent loads over arrays of growing size.
// For each size on the ladder (512 B up to --max-mb MiB), a ring of pointers `stride` bytes apart
// is built in one page-aligned buffer (mapped once at the largest size, every page touched, base
// pages by default via MADV_NOHUGEPAGE; --hugepages 1 asks for THP), outside timing:
//   sequential = lmbench's forward strided ring (element i -> i+1, last -> first);
//   random     = pages in random order and offsets within pages permuted, a new page and offset on
//                every load (pointer_ring.h): the walk that defeats prefetchers.
// The ring is then walked once outside timing, counting steps until it is back at its start: it must
// be one cycle through every element (this also warms caches and TLB as lmbench's first pass does).
// Timed loop (Google Benchmark, fixed iterations per interval, one series per size): one iteration
// = p = *p unrolled 100 times; the walk continues across intervals. ns per load = interval time /
// (iterations * 100). Nothing is subtracted (the loop branch overlaps the dependent loads).
// lmbench reports the minimum interval; we report the median of the kept intervals and put the
// minimum in detail. After timing, the final pointer must be the element the walk length predicts.
// One record per size: point = the size in bytes, params.size_bytes = the size.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "page_buffer.h"
#include "pointer_ring.h"
#include "vcb/kernel.h"

namespace {

using vcb::micro::PageBuffer;
using vcb::micro::RingPattern;

constexpr int64_t loads_per_iteration = 100;  // lmbench's unroll
constexpr uint64_t seed_base = 0x6c61745f6d656dULL;

template <size_t... I>
inline void** chase(void** p, std::index_sequence<I...>) {
  ((p = static_cast<void**>(*p), (void)I), ...);
  return p;
}

struct Ring {
  char* base = nullptr;
  size_t stride = 0;
  std::vector<uint32_t> order;

  void** element(uint32_t i) const { return reinterpret_cast<void**>(base + size_t{i} * stride); }
  size_t size() const { return order.size(); }
};

void install(const Ring& r) {
  for (size_t i = 0; i < r.size(); ++i) *r.element(r.order[i]) = r.element(r.order[(i + 1) % r.size()]);
}

// Walks the installed ring from its start until it returns, checking every pointer lands on an
// element of this ring. Returns the step count, or 0 when the walk strays or does not come back.
size_t walk_length(const Ring& r) {
  void** const start = r.element(r.order[0]);
  const char* lo = r.base;
  const char* hi = r.base + r.size() * r.stride;
  void** p = start;
  for (size_t steps = 1; steps <= r.size(); ++steps) {
    p = static_cast<void**>(*p);
    const char* at = reinterpret_cast<const char*>(p);
    if (at < lo || at >= hi || static_cast<size_t>(at - lo) % r.stride != 0) return 0;
    if (p == start) return steps;
  }
  return 0;
}

struct Walk {
  void** p = nullptr;
  uint64_t loads = 0;  // every load since p was at the ring's start, calibration and warm-up included
};

std::function<void(benchmark::State&)> chase_body(Walk& w) {
  return [&w](benchmark::State& s) {
    void** p = w.p;
    uint64_t iterations = 0;
    for (auto _ : s) {
      p = chase(p, std::make_index_sequence<loads_per_iteration>{});
      ++iterations;
    }
    benchmark::DoNotOptimize(p);
    w.p = p;
    w.loads += iterations * loads_per_iteration;
  };
}

struct Config {
  size_t stride = 64;
  RingPattern pattern = RingPattern::sequential;
  size_t page = 4096;
  nlohmann::json pages;  // the buffer's page policy, read back once
};

void measure_size(vcb::Kernel& k, const Config& c, char* base, size_t size) {
  const uint64_t seed = seed_base ^ size;
  Ring ring{base, c.stride, vcb::micro::ring_order(size / c.stride, c.page / c.stride, c.pattern, seed)};
  install(ring);
  const size_t steps = walk_length(ring);
  const std::string point = std::to_string(size);
  nlohmann::json detail = {{"elements", ring.size()}, {"stride_bytes", c.stride},
                           {"loads_per_iteration", loads_per_iteration}, {"seed", seed},
                           {"page_policy", c.pages}};
  vcb::Measurement m{.point = point, .params = {{"size_bytes", size}}, .metric = "latency", .unit = "ns",
                     .better = vcb::Better::lower};
  if (steps != ring.size()) {
    m.series.error = "ring is not one cycle through all " + std::to_string(ring.size()) +
                     " elements (walk returned after " + std::to_string(steps) + " steps; 0 = never)";
    m.detail = detail;
    k.emit(m);
    return;
  }
  Walk walk{ring.element(ring.order[0]), 0};
  m.series = vcb::time_gbench(k.plan(), point, chase_body(walk));
  void** const expected = ring.element(ring.order[walk.loads % ring.size()]);
  m.values = m.series.per_op(1e9 / loads_per_iteration);
  if (!m.values.empty()) detail["min_ns"] = *std::min_element(m.values.begin(), m.values.end());
  detail["loads_total"] = walk.loads;
  m.detail = detail;
  m.passed = walk.p == expected;
  m.validation = m.passed ? "ring is one cycle through all " + std::to_string(ring.size()) +
                                " elements; the walk ended on the element its length predicts"
                          : "the walk ended on an unexpected element after " +
                                std::to_string(walk.loads) + " loads";
  k.emit(m);
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("lat_mem_rd", argc, argv);
  const long long stride = k.param_int("stride", 64);
  const std::string pattern = k.param("pattern", "sequential");
  const long long max_mb = k.param_int("max-mb", 32);
  const std::string ladder_name = k.param("ladder", "lmbench");
  const long long hugepages = k.param_int("hugepages", 0);
  k.begin();
  Config c;
  vcb::micro::Ladder ladder;
  if (!vcb::micro::parse_pattern(pattern, c.pattern)) k.usage_error("--pattern must be sequential or random");
  if (!vcb::micro::parse_ladder(ladder_name, ladder)) k.usage_error("--ladder must be lmbench or coarse");
  if (stride < 16 || stride > 4096 || (stride & (stride - 1)) != 0)
    k.usage_error("--stride must be a power of two from 16 to 4096 (bytes)");
  if (max_mb < 1 || max_mb > 65536) k.usage_error("--max-mb must be between 1 and 65536 (MiB)");
  if (hugepages != 0 && hugepages != 1) k.usage_error("--hugepages must be 0 or 1");
  c.stride = static_cast<size_t>(stride);
  const size_t max_bytes = static_cast<size_t>(max_mb) << 20;
  if (max_bytes / c.stride >= UINT32_MAX) k.usage_error("--max-mb / --stride: more than 2^32 elements");
  c.page = std::max(vcb::micro::base_page_size(), c.stride);

  std::string error;
  const auto policy = hugepages ? vcb::micro::PagePolicy::huge : vcb::micro::PagePolicy::no_huge;
  auto buffer = PageBuffer::make(max_bytes, policy, error);
  if (!buffer) {
    k.emit_failure(error);
    return k.finish();
  }
  c.pages = buffer->describe();
  for (size_t size : vcb::micro::ladder_sizes(ladder, max_bytes))
    if (size / c.stride >= 2) measure_size(k, c, buffer->data(), size);
  return k.finish();
}
