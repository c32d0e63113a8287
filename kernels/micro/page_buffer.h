#pragma once
// Page-aligned anonymous memory for the memory kernels. mmap rather than malloc so that alignment
// and the transparent-huge-page policy are ours to choose and to record: THP (and EPT/NPT nested
// paging in a VM) changes latency and bandwidth in the DRAM/TLB region more than anything else.
// Every page is touched when the buffer is made, so no page fault lands inside a timed interval.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace vcb::micro {

enum class PagePolicy {
  system_default,  // no madvise: whatever /sys/kernel/mm/transparent_hugepage/enabled says
  no_huge,         // MADV_NOHUGEPAGE: base pages only
  huge             // MADV_HUGEPAGE: ask for transparent huge pages
};

class PageBuffer {
 public:
  // Maps `bytes` (rounded up to whole pages) at a 2 MiB boundary, applies `policy` and touches every
  // page. nullopt and a message when a call fails.
  static std::optional<PageBuffer> make(size_t bytes, PagePolicy policy, std::string& error);

  PageBuffer(PageBuffer&& other) noexcept;
  PageBuffer& operator=(PageBuffer&& other) noexcept;
  PageBuffer(const PageBuffer&) = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;
  ~PageBuffer();

  char* data() const { return base_; }
  size_t size() const { return bytes_; }

  // {"requested", "madvise", "thp_system", "anon_huge_kb"}; anon_huge_kb is read back from
  // /proc/self/smaps (null when unreadable) so the record says what the kernel actually gave us.
  nlohmann::json describe() const;

 private:
  PageBuffer(char* base, size_t bytes, PagePolicy policy) : base_(base), bytes_(bytes), policy_(policy) {}
  void release();

  char* base_ = nullptr;
  size_t bytes_ = 0;
  PagePolicy policy_ = PagePolicy::system_default;
};

// The system page size (sysconf), 4096 when unknown.
size_t base_page_size();

}  // namespace vcb::micro
