#pragma once
// The OSU Micro-Benchmarks method facts vcb-osu follows, so its numbers line up with osu_* output:
// which operations exist, their default size ranges, the message-size ladder and the per-size
// iteration/skip counts (the constants are those of OMB 5.7 and 7.2 util/osu_util.h).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osu {

enum class Op { latency, bw, bibw, allreduce, alltoall, bcast };

std::optional<Op> parse_op(const std::string& name);
const char* op_name(Op op);
bool is_pt2pt(Op op);  // latency, bw, bibw: exactly two ranks

// OSU's default message-size range for the operation (bytes).
struct SizeRange {
  long long min = 1;
  long long max = 1;
};
SizeRange default_range(Op op);

// The sizes OSU visits: min, then doubling (0 is followed by 1), up to max inclusive.
std::vector<std::size_t> ladder(std::size_t min, std::size_t max);

constexpr std::size_t kLargeMessage = 8192;       // sizes above this use the *_LARGE counts
constexpr int kWindow = 64;                       // bw/bibw messages in flight per iteration
constexpr std::size_t kMemLimit = std::size_t{512} << 20;  // OSU's per-process buffer cap

struct Counts {
  int64_t iterations = 0;  // timed iterations of one OSU loop
  int64_t skip = 0;        // untimed warm-up iterations at the start of that loop
};
// OSU's counts for op at size (bytes). OMB 7.x switches on the byte size for allreduce too (5.7
// compared the float count with 8192, i.e. switched at 32 KiB); vcb-osu follows 7.x.
Counts osu_counts(Op op, std::size_t size);

// Bytes of each of the send and receive buffers one rank needs; twice this must stay within
// OSU's memory cap.
std::size_t buffer_bytes(Op op, std::size_t max_size, int ranks);

}  // namespace osu
