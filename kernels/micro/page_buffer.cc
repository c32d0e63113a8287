#include "page_buffer.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

#include "vcb/context.h"

namespace vcb::micro {
namespace {

constexpr size_t huge_alignment = size_t{2} << 20;  // x86-64 PMD size: where THP can map a huge page

size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

const char* policy_name(PagePolicy p) {
  switch (p) {
    case PagePolicy::no_huge: return "base pages";
    case PagePolicy::huge: return "transparent huge pages";
    default: return "system default";
  }
}

const char* madvise_name(PagePolicy p) {
  switch (p) {
    case PagePolicy::no_huge: return "MADV_NOHUGEPAGE";
    case PagePolicy::huge: return "MADV_HUGEPAGE";
    default: return "none";
  }
}

// AnonHugePages of the mapping that holds `address`, from /proc/self/smaps; -1 when not found.
long long anon_huge_kb_at(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto target = reinterpret_cast<uintptr_t>(address);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= target && target < hi;
      continue;
    }
    if (inside && line.rfind("AnonHugePages:", 0) == 0) return std::atoll(line.c_str() + 14);
  }
  return -1;
}

// Makes every page present and private (a read would only map the shared zero page). The kernel's
// MADV_POPULATE_WRITE (Linux 5.14) does it without a fault per page; older kernels get a store per page.
void prefault(char* base, size_t bytes, size_t page) {
#ifdef MADV_POPULATE_WRITE
  if (madvise(base, bytes, MADV_POPULATE_WRITE) == 0) return;
#endif
  for (size_t off = 0; off < bytes; off += page) base[off] = 0;
}

}  // namespace

size_t base_page_size() {
  const long p = sysconf(_SC_PAGESIZE);
  return p > 0 ? static_cast<size_t>(p) : 4096;
}

std::optional<PageBuffer> PageBuffer::make(size_t bytes, PagePolicy policy, std::string& error) {
  const size_t page = base_page_size();
  bytes = round_up(bytes == 0 ? 1 : bytes, page);
  // Over-map by the alignment, then give back the unaligned head and tail: the buffer is then one
  // mapping of its own, so madvise does not split a neighbour and smaps shows exactly our pages.
  const size_t span = bytes + huge_alignment;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) {
    error = "mmap of " + std::to_string(bytes) + " bytes failed: " + std::strerror(errno);
    return std::nullopt;
  }
  char* start = static_cast<char*>(raw);
  char* base = reinterpret_cast<char*>(round_up(reinterpret_cast<uintptr_t>(start), huge_alignment));
  const size_t head = static_cast<size_t>(base - start);
  const size_t tail = span - head - bytes;
  if ((head > 0 && munmap(start, head) != 0) || (tail > 0 && munmap(base + bytes, tail) != 0)) {
    error = std::string("munmap of the alignment slack failed: ") + std::strerror(errno);
    munmap(start, span);
    return std::nullopt;
  }
  PageBuffer buffer(base, bytes, policy);
  const int advice = policy == PagePolicy::huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE;
  if (policy != PagePolicy::system_default && madvise(base, bytes, advice) != 0) {
    error = std::string("madvise(") + madvise_name(policy) + ") failed: " + std::strerror(errno);
    return std::nullopt;
  }
  prefault(base, bytes, page);
  return buffer;
}

PageBuffer::PageBuffer(PageBuffer&& other) noexcept
    : base_(other.base_), bytes_(other.bytes_), policy_(other.policy_) {
  other.base_ = nullptr;
  other.bytes_ = 0;
}

PageBuffer& PageBuffer::operator=(PageBuffer&& other) noexcept {
  if (this != &other) {
    release();
    base_ = other.base_;
    bytes_ = other.bytes_;
    policy_ = other.policy_;
    other.base_ = nullptr;
    other.bytes_ = 0;
  }
  return *this;
}

PageBuffer::~PageBuffer() { release(); }

void PageBuffer::release() {
  if (base_ != nullptr) munmap(base_, bytes_);
  base_ = nullptr;
  bytes_ = 0;
}

nlohmann::json PageBuffer::describe() const {
  const long long huge_kb = anon_huge_kb_at(base_);
  return {{"requested", policy_name(policy_)},
          {"madvise", madvise_name(policy_)},
          {"thp_system", read_first_line("/sys/kernel/mm/transparent_hugepage/enabled")},
          {"anon_huge_kb", huge_kb < 0 ? nlohmann::json(nullptr) : nlohmann::json(huge_kb)}};
}

}  // namespace vcb::micro
