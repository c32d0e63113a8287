#pragma once
// A unix-socket connection that reads with deadlines: the guest agent's channel and QMP.
#include <cstdint>
#include <string>

namespace vcb {

// CLOCK_MONOTONIC ns `seconds` from now: the deadlines SocketLine reads take.
int64_t deadline_after(double seconds);

class SocketLine {
 public:
  ~SocketLine() { close(); }
  bool connect(const std::string& path, double timeout_s);
  bool send(const std::string& data);
  // Reads until `buffer()` holds `marker` or the deadline (ns, monotonic) passes.
  bool read_until(const std::string& marker, int64_t deadline_ns);
  // Reads whatever arrives before the deadline; false when the peer closed.
  bool read_some(int64_t deadline_ns);
  std::string& buffer() { return buf_; }
  void close();
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::string buf_;
};

}  // namespace vcb
