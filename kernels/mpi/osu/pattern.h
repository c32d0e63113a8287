#pragma once
// Message contents that prove the data arrived: every byte depends on the message size, the
// sending and receiving rank and its position, so a stale buffer, a message from the wrong peer or
// a truncated copy does not match. Receive buffers are "poisoned" (every byte differs from the
// expected pattern) before each repetition, so a match can only come from a received message.
#include <cstddef>
#include <cstdint>

namespace osu {

uint8_t pattern_byte(std::size_t size, int src, int dst, std::size_t i);
void fill_pattern(uint8_t* buf, std::size_t n, std::size_t size, int src, int dst);
void poison(uint8_t* buf, std::size_t n, std::size_t size, int src, int dst);
long count_mismatches(const uint8_t* buf, std::size_t n, std::size_t size, int src, int dst);

// Allreduce contributions: small integers, so the float sum over any sane rank count is exact and
// its check needs no tolerance.
float reduce_input(std::size_t count, int rank, std::size_t i);
double reduce_expected(std::size_t count, int ranks, std::size_t i);

}  // namespace osu
