#include "kvm/socket_line.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "vcb/timer.h"

namespace vcb {

int64_t deadline_after(double s) { return now_ns() + static_cast<int64_t>(s * 1e9); }

bool SocketLine::connect(const std::string& path, double timeout_s) {
  close();
  const int64_t deadline = deadline_after(timeout_s);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return false;
  std::strcpy(addr.sun_path, path.c_str());
  while (now_ns() < deadline) {
    fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return true;
    close();
    usleep(50000);  // QEMU creates the socket a moment after it starts
  }
  return false;
}

bool SocketLine::send(const std::string& data) {
  size_t done = 0;
  while (fd_ >= 0 && done < data.size()) {
    const ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return fd_ >= 0;
}

bool SocketLine::read_some(int64_t deadline_ns) {
  if (fd_ < 0) return false;
  const int64_t left_ms = std::max<int64_t>(0, (deadline_ns - now_ns()) / 1000000);
  pollfd p{fd_, POLLIN, 0};
  // Wake at least every 200 ms so an interrupt of the harness is noticed.
  const int ready = poll(&p, 1, static_cast<int>(std::min<int64_t>(left_ms, 200)));
  if (ready <= 0) return ready == 0 || errno == EINTR;
  char chunk[65536];
  const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
  if (n > 0) buf_.append(chunk, static_cast<size_t>(n));
  return n > 0 || (n < 0 && errno == EINTR);
}

bool SocketLine::read_until(const std::string& marker, int64_t deadline_ns) {
  while (buf_.find(marker) == std::string::npos) {
    if (now_ns() >= deadline_ns || !read_some(deadline_ns)) return false;
  }
  return true;
}

void SocketLine::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buf_.clear();
}

}  // namespace vcb
