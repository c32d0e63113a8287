#pragma once
// The pointer rings of lat_mem_rd, as pure functions over element indices so they can be tested
// without touching memory. Element i of a ring lives `stride` bytes after element i-1; a ring is
// the order in which the timed walk (p = *p) visits the elements, the last one pointing back at the
// first.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vcb::micro {

enum class RingPattern {
  sequential,  // lmbench's default: element i points to element i+1 (a forward strided walk)
  random       // every load jumps to another page and another offset within a page
};

enum class Ladder {
  lmbench,  // 512 B, 1 KB, +1 KB to 4 KB, +2 KB to 32 KB, then 8 sizes per doubling
  coarse    // 2 sizes per doubling (2^k and 1.5 * 2^k) from 512 B, for quick runs
};

// Array sizes in bytes, ascending, from 512 B up to and including max_bytes when it is on the ladder.
std::vector<size_t> ladder_sizes(Ladder ladder, size_t max_bytes);

// The visiting order of `elements` elements grouped `elements_per_page` to a page.
//   sequential: 0, 1, 2, ...
//   random: pages in a random order and the offsets within a page in a random order; round r visits
//   every page once, taking in page number j (of the shuffled list) the offset slot (r + j) mod
//   slots of the shuffled offsets. Consecutive loads therefore change page and offset every time
//   (no stride for a prefetcher to find, a TLB miss per load once the pages outgrow the TLB), and
//   each (page, offset) pair is visited exactly once. A partial last page skips its missing slots.
// The same seed gives the same ring on every machine (own generator, no std:: distributions).
std::vector<uint32_t> ring_order(size_t elements, size_t elements_per_page, RingPattern pattern,
                                 uint64_t seed);

// next[order[i]] = order[i + 1], and the last element points back at order[0].
std::vector<uint32_t> ring_successors(const std::vector<uint32_t>& order);

// Steps the walk takes from `start` until it is back at `start`; 0 when it leaves the table or does
// not return within next.size() steps. A return after exactly next.size() steps means the ring is
// one cycle that visits every element once.
size_t cycle_length(const std::vector<uint32_t>& next, uint32_t start);

// Parsers for the kernel's flags; false on an unknown name.
bool parse_pattern(const std::string& text, RingPattern& out);
bool parse_ladder(const std::string& text, Ladder& out);

}  // namespace vcb::micro
