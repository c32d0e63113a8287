#pragma once
// A page-aligned message buffer, as OSU allocates its own (alignment changes copy speed, and the
// numbers should compare with osu_* output).
#include <cstddef>
#include <cstdint>
#include <memory>

namespace osu {

class Buffer {
 public:
  explicit Buffer(std::size_t bytes);
  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  std::size_t size() const { return bytes_; }

 private:
  struct Free {
    void operator()(uint8_t* p) const;
  };
  std::unique_ptr<uint8_t, Free> data_;
  std::size_t bytes_;
};

}  // namespace osu
