// Unit tests of the pure pieces of the memory micro kernels: the pointer rings and size ladders of
// lat_mem_rd (pointer_ring.h) and the sequence stamps of bw_pipe/bw_unix (stream_stamp.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "pointer_ring.h"
#include "stream_stamp.h"

namespace vcb::micro {
namespace {

struct RingCase {
  size_t bytes;
  size_t stride;
  RingPattern pattern;
};

std::string case_name(const RingCase& c) {
  return std::to_string(c.bytes) + "B/" + std::to_string(c.stride) +
         (c.pattern == RingPattern::random ? "/random" : "/sequential");
}

std::vector<RingCase> ring_cases() {
  std::vector<RingCase> cases;
  for (RingPattern p : {RingPattern::sequential, RingPattern::random})
    for (size_t stride : {16, 64, 128, 4096})
      for (size_t bytes : {512, 1024, 3072, 4096, 6144, 36864, 1 << 20, 3 << 19})
        if (bytes / stride >= 2) cases.push_back({bytes, stride, p});
  return cases;
}

TEST(PointerRing, EveryElementExactlyOnceInOneCycle) {
  for (const RingCase& c : ring_cases()) {
    SCOPED_TRACE(case_name(c));
    const size_t n = c.bytes / c.stride;
    const size_t per_page = std::max<size_t>(4096, c.stride) / c.stride;
    const std::vector<uint32_t> order = ring_order(n, per_page, c.pattern, 42 ^ c.bytes);
    ASSERT_EQ(order.size(), n);
    std::vector<uint32_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    std::vector<uint32_t> all(n);
    std::iota(all.begin(), all.end(), 0u);
    EXPECT_EQ(sorted, all);
    const std::vector<uint32_t> next = ring_successors(order);
    ASSERT_EQ(next.size(), n);
    EXPECT_EQ(cycle_length(next, order[0]), n);
    EXPECT_EQ(cycle_length(next, order[n / 2]), n);
  }
}

TEST(PointerRing, SequentialIsTheForwardStridedWalk) {
  const std::vector<uint32_t> next = ring_successors(ring_order(8, 64, RingPattern::sequential, 1));
  EXPECT_EQ(next, (std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7, 0}));
}

TEST(PointerRing, RandomChangesPageAndOffsetOnEveryLoad) {
  const size_t per_page = 64, pages = 32, n = per_page * pages;
  const std::vector<uint32_t> order = ring_order(n, per_page, RingPattern::random, 7);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t a = order[i], b = order[(i + 1) % n];
    EXPECT_NE(a / per_page, b / per_page) << "same page at step " << i;
    EXPECT_NE(a % per_page, b % per_page) << "same offset at step " << i;
  }
}

TEST(PointerRing, RandomWithinOnePageIsAPermutationNotTheIdentity) {
  const std::vector<uint32_t> order = ring_order(64, 64, RingPattern::random, 3);
  std::vector<uint32_t> identity(64);
  std::iota(identity.begin(), identity.end(), 0u);
  EXPECT_NE(order, identity);
  EXPECT_EQ(std::set<uint32_t>(order.begin(), order.end()).size(), 64u);
}

TEST(PointerRing, SameSeedSameRingOtherSeedOtherRing) {
  const auto a = ring_order(4096, 64, RingPattern::random, 11);
  EXPECT_EQ(a, ring_order(4096, 64, RingPattern::random, 11));
  EXPECT_NE(a, ring_order(4096, 64, RingPattern::random, 12));
}

TEST(PointerRing, CycleLengthRejectsBrokenRings) {
  EXPECT_EQ(cycle_length({1, 0, 3, 2}, 0), 2u);           // two cycles: not all 4 elements
  EXPECT_EQ(cycle_length({1, 2, 1}, 0), 0u);              // never returns to the start
  EXPECT_EQ(cycle_length({1, 9}, 0), 0u);                 // leaves the table
  EXPECT_EQ(cycle_length({1, 2, 0}, 5), 0u);              // start outside the table
  EXPECT_TRUE(ring_successors({0, 1, 7}).empty());        // not a permutation of 0..n-1
}

TEST(Ladder, LmbenchStepsUpTo64K) {
  const std::vector<size_t> k = {512, 1024, 2048, 3072, 4096};
  std::vector<size_t> want = k;
  for (size_t s = 6; s <= 32; s += 2) want.push_back(s * 1024);
  for (size_t s = 36; s <= 64; s += 4) want.push_back(s * 1024);
  EXPECT_EQ(ladder_sizes(Ladder::lmbench, 64 * 1024), want);
}

TEST(Ladder, EightSizesPerDoublingAndMaxIncluded) {
  const auto sizes = ladder_sizes(Ladder::lmbench, 256u << 20);
  EXPECT_EQ(sizes.back(), 256u << 20);
  const auto in_last_doubling = std::count_if(sizes.begin(), sizes.end(),
                                              [](size_t s) { return s > (128u << 20); });
  EXPECT_EQ(in_last_doubling, 8);
  EXPECT_TRUE(std::is_sorted(sizes.begin(), sizes.end()));
  EXPECT_EQ(std::set<size_t>(sizes.begin(), sizes.end()).size(), sizes.size());
}

TEST(Ladder, CoarseTwoPerDoubling) {
  EXPECT_EQ(ladder_sizes(Ladder::coarse, 4096),
            (std::vector<size_t>{512, 768, 1024, 1536, 2048, 3072, 4096}));
  const auto sizes = ladder_sizes(Ladder::coarse, 32u << 20);
  EXPECT_EQ(sizes.size(), 33u);
  EXPECT_EQ(sizes.back(), 32u << 20);
}

TEST(Ladder, NothingBelow512Bytes) { EXPECT_TRUE(ladder_sizes(Ladder::lmbench, 100).empty()); }

TEST(Parse, PatternAndLadderNames) {
  RingPattern p;
  Ladder l;
  EXPECT_TRUE(parse_pattern("random", p));
  EXPECT_EQ(p, RingPattern::random);
  EXPECT_FALSE(parse_pattern("backward", p));
  EXPECT_TRUE(parse_ladder("coarse", l));
  EXPECT_EQ(l, Ladder::coarse);
  EXPECT_FALSE(parse_ladder("fine", l));
}

// A stream of stamped 64 KB chunks, received in reads of awkward sizes, checks clean.
TEST(StreamStamp, ReadsOfAnySizeCheckClean) {
  const size_t chunk = 64 * 1024, chunks = 4;
  std::vector<char> stream(chunk * chunks, 'x');
  for (size_t c = 0; c < chunks; ++c) stamp_chunk(stream.data() + c * chunk, chunk, c * chunk);
  for (size_t read_size : {size_t{1}, size_t{7}, size_t{500}, size_t{4096}, size_t{4100}, chunk}) {
    uint64_t checked = 0;
    for (uint64_t off = 0; off < stream.size(); off += read_size) {
      const size_t len = std::min<size_t>(read_size, stream.size() - off);
      ASSERT_TRUE(check_stamps(stream.data() + off, len, off, checked)) << read_size << " at " << off;
    }
    if (read_size >= stamp_spacing) {
      EXPECT_GT(checked, 0u);
    }
  }
}

TEST(StreamStamp, MisplacedDataFails) {
  std::vector<char> stream(8192, 0);
  stamp_chunk(stream.data(), stream.size(), 0);
  uint64_t checked = 0;
  // The bytes of stream offset 4096 presented as if they were at offset 3584: one block lost.
  EXPECT_FALSE(check_stamps(stream.data() + 4096, 2048, 3584, checked));
  // A repeated block at the end of a read.
  std::vector<char> repeated(stream.begin(), stream.begin() + 2048);
  std::copy(stream.begin(), stream.begin() + 512, repeated.begin() + 1536);
  EXPECT_FALSE(check_stamps(repeated.data(), repeated.size(), 0, checked));
}

}  // namespace
}  // namespace vcb::micro
