#pragma once
// Sequence stamps for the byte streams of bw_pipe and bw_unix. The writer puts, at every stream
// offset that is a multiple of 512 bytes, the 8-byte number offset / 512; the reader checks the
// first and the last stamp that lie wholly inside each read. Two loads per read keep the reader's
// user-space work negligible (lmbench's reader does none), yet a lost, repeated or reordered block
// shows up as a stamp that does not match its offset.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace vcb::micro {

inline constexpr uint64_t stamp_spacing = 512;

// Stamps a chunk of `bytes` about to be written at stream offset `offset` (a multiple of the spacing).
inline void stamp_chunk(char* chunk, size_t bytes, uint64_t offset) {
  for (uint64_t at = 0; at + sizeof(uint64_t) <= bytes; at += stamp_spacing) {
    const uint64_t value = (offset + at) / stamp_spacing;
    std::memcpy(chunk + at, &value, sizeof value);
  }
}

// Checks one stamp at stream offset `stamp_offset` inside data received at stream offset `offset`.
inline bool stamp_matches(const char* data, uint64_t offset, uint64_t stamp_offset) {
  uint64_t value;
  std::memcpy(&value, data + (stamp_offset - offset), sizeof value);  // the reader buffer is unaligned
  return value == stamp_offset / stamp_spacing;
}

// Checks the first and last whole stamps of `bytes` received at stream offset `offset`; adds the
// number checked to `checked`. False on a mismatch.
inline bool check_stamps(const char* data, size_t bytes, uint64_t offset, uint64_t& checked) {
  const uint64_t end = offset + bytes;
  const uint64_t first = (offset + stamp_spacing - 1) / stamp_spacing * stamp_spacing;
  if (first + sizeof(uint64_t) > end) return true;
  const uint64_t last = (end - sizeof(uint64_t)) / stamp_spacing * stamp_spacing;
  checked += last > first ? 2 : 1;
  return stamp_matches(data, offset, first) && (last == first || stamp_matches(data, offset, last));
}

}  // namespace vcb::micro
