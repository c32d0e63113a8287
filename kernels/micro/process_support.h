#pragma once
// Small pieces shared by the process, signal and file kernels (lat_proc, lat_ctx, lat_sig, lat_fs,
// lat_pagefault, lat_mmap). The pure functions here are unit-tested in tests/unit/micro_process_test.cc.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vcb/timing.h"

namespace vcb::micro {

// "what: strerror(errno)", read at the call so the caller's errno is the one described.
std::string errno_text(const std::string& what);

// Whole text of a (small) file; empty when unreadable.
std::string read_text(const std::string& path);

// Directory of the running executable (from /proc/self/exe); empty if unknown.
std::string exe_dir();

// Value of a "Field:   1234 kB" line of /proc/<pid>/status.
std::optional<long long> status_field_kb(std::string_view status_text, std::string_view field);

// Number of newline-terminated lines (VMAs when given /proc/<pid>/maps).
long long count_lines(std::string_view text);

// A plan that runs exactly `iterations` per interval with the same samples/warm-up as `base`:
// secondary series (subtracted overheads) use a count derived from the primary series so that
// the harness calibrates one number per record.
Plan fixed_plan(const Plan& base, int64_t iterations);

// values[i] - x for every i.
std::vector<double> minus(const std::vector<double>& values, double x);

// A fixed pseudo-random permutation of 0..count-1 (Fisher-Yates over mt19937_64, whose output is
// specified by the standard, so every environment touches pages in the same order).
std::vector<uint32_t> random_order(uint32_t count, uint64_t seed);

// The CPU each of `procs` ring members is pinned to: "same" = all on allowed[0], "spread" =
// round-robin over `allowed`. Empty when the placement is unknown or no CPU is allowed.
std::vector<int> ring_cpus(const std::string& placement, const std::vector<int>& allowed, int procs);

// Ring token check: member `index` of `procs` receives tokens congruent to index (mod procs).
inline bool ring_token_ok(uint64_t token, int index, int procs) {
  return token % static_cast<uint64_t>(procs) == static_cast<uint64_t>(index);
}

// lat_fs names: `count` files with at most `fanout` entries per directory, nested as deep as
// needed ("f07", "d12/f07", "d01/d12/f07"). All names have the same depth.
std::vector<std::string> nested_file_names(int64_t count, int fanout);

// The directories the names above need, parents before children, each once.
std::vector<std::string> parent_dirs(const std::vector<std::string>& files);

// Byte offsets lat_mmap stores to: every `stride` bytes below size / 10.
std::vector<int64_t> mmap_store_offsets(int64_t size, int64_t stride);

}  // namespace vcb::micro
