#include "pattern.h"

namespace osu {

uint8_t pattern_byte(std::size_t size, int src, int dst, std::size_t i) {
  uint64_t h = i * 0x9E3779B97F4A7C15ull + size * 0xC2B2AE3D27D4EB4Full +
               static_cast<uint64_t>(src) * 0x165667B19E3779F9ull + static_cast<uint64_t>(dst) * 0x85EBCA77ull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return static_cast<uint8_t>(h >> 56);
}

void fill_pattern(uint8_t* buf, std::size_t n, std::size_t size, int src, int dst) {
  for (std::size_t i = 0; i < n; ++i) buf[i] = pattern_byte(size, src, dst, i);
}

void poison(uint8_t* buf, std::size_t n, std::size_t size, int src, int dst) {
  for (std::size_t i = 0; i < n; ++i) buf[i] = static_cast<uint8_t>(~pattern_byte(size, src, dst, i));
}

long count_mismatches(const uint8_t* buf, std::size_t n, std::size_t size, int src, int dst) {
  long bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad += buf[i] != pattern_byte(size, src, dst, i);
  return bad;
}

float reduce_input(std::size_t count, int rank, std::size_t i) {
  return static_cast<float>((i + count + 3 * static_cast<std::size_t>(rank)) % 17 + 1);
}

double reduce_expected(std::size_t count, int ranks, std::size_t i) {
  double sum = 0;
  for (int r = 0; r < ranks; ++r) sum += reduce_input(count, r, i);
  return sum;
}

}  // namespace osu
