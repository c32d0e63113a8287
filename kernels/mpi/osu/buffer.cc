#include "buffer.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace osu {
namespace {
constexpr std::size_t kPage = 4096;
}

Buffer::Buffer(std::size_t bytes) : bytes_(bytes) {
  const std::size_t rounded = (bytes / kPage + 1) * kPage;  // at least one page, even for 0 bytes
  auto* p = static_cast<uint8_t*>(std::aligned_alloc(kPage, rounded));
  if (!p) throw std::bad_alloc();
  std::memset(p, 0, rounded);  // touch every page before timing starts
  data_.reset(p);
}

void Buffer::Free::operator()(uint8_t* p) const { std::free(p); }

}  // namespace osu
