// lmbench-style bw_unix: bandwidth through an AF_UNIX stream socket between two pinned processes.
// Before timing: socketpair(AF_UNIX, SOCK_STREAM), a control pipe, and a writer process forked and
// pinned (--placement same|cross). The writer waits for a request on the control pipe (8 bytes: how
// many bytes to send) and sends them in --chunk-kb writes (64 KB), stamped every 512 bytes with
// the stream offset (stream_stamp.h); it ends when the control pipe reaches EOF.
// Timed in the reader (time_manual), one op = write the request for --mb-per-op MiB (10) to the
// control pipe, then read() chunks of at most chunk-kb until they all arrived, checking the first and
// last stamp of each read (2 loads per read). Nothing subtracted. MB/s = bytes per op / 10^6 / time.
// Validation: the reader received exactly what it requested (ops x bytes-per-op), every checked stamp
// matched its offset, the writer sent exactly the same number of bytes and ended cleanly; both
// parties report their CPUs (detail).
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "page_buffer.h"
#include "peer_process.h"
#include "stream_stamp.h"
#include "vcb/kernel.h"
#include "vcb/timer.h"

namespace {

using namespace vcb::micro;

struct Channels {
  int sock[2] = {-1, -1};     // [0] reader, [1] writer
  int control[2] = {-1, -1};  // reader writes [1], writer reads [0]
};

struct Stream {
  size_t chunk = 0;
  size_t op_bytes = 0;
  int sock = -1;
  int control = -1;
  char* buf = nullptr;
  uint64_t offset = 0;
  uint64_t stamps = 0;
  std::string error;
};

void serve_requests(int control, int sock, size_t chunk, PeerReport& report) {
  std::string error;
  auto buf = PageBuffer::make(chunk, PagePolicy::system_default, error);
  if (!buf) { report.fail("mmap", errno); return; }
  std::memset(buf->data(), 0x5a, chunk);
  uint64_t offset = 0;
  for (;;) {
    uint64_t request = 0;
    const Io got = read_exact(control, &request, sizeof request);
    if (got == Io::eof) return;  // the reader is done: a clean end
    if (got != Io::ok) { report.fail("read(control)", errno); return; }
    for (uint64_t left = request; left > 0;) {
      const size_t len = static_cast<size_t>(std::min<uint64_t>(chunk, left));
      stamp_chunk(buf->data(), len, offset);
      if (write_exact(sock, buf->data(), len) != Io::ok) { report.fail("write(socket)", errno); return; }
      offset += len;
      left -= len;
      report.count += static_cast<int64_t>(len);
    }
  }
}

bool read_op(Stream& s) {
  const uint64_t request = s.op_bytes;
  if (write_exact(s.control, &request, sizeof request) != Io::ok) {
    s.error = std::string("write(control): ") + std::strerror(errno);
    return false;
  }
  for (size_t left = s.op_bytes; left > 0;) {
    const ssize_t got = read(s.sock, s.buf, std::min(s.chunk, left));
    if (got <= 0) {
      s.error = got == 0 ? "the writer closed the socket early" : std::string("read: ") + std::strerror(errno);
      return false;
    }
    if (!check_stamps(s.buf, static_cast<size_t>(got), s.offset, s.stamps)) {
      s.error = "sequence stamp mismatch near stream offset " + std::to_string(s.offset);
      return false;
    }
    s.offset += static_cast<uint64_t>(got);
    left -= static_cast<size_t>(got);
  }
  return true;
}

double interval(Stream& s, int64_t ops) {
  const int64_t t0 = vcb::now_ns();
  for (int64_t i = 0; i < ops; ++i)
    if (!read_op(s)) return -1;
  return vcb::seconds_since(t0);
}

bool open_channels(Channels& c, std::string& error) {
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, c.sock) != 0) error = std::string("socketpair: ") + std::strerror(errno);
  else if (pipe(c.control) != 0) error = std::string("pipe: ") + std::strerror(errno);
  return error.empty();
}

void close_all(Channels& c) {
  for (int* fd : {&c.sock[0], &c.sock[1], &c.control[0], &c.control[1]}) close_fd(*fd);
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("bw_unix", argc, argv);
  const std::string placement = k.param("placement", "same");
  const long long chunk_kb = k.param_int("chunk-kb", 64);
  const long long mb_per_op = k.param_int("mb-per-op", 10);
  k.begin();
  if (placement != "same" && placement != "cross") k.usage_error("--placement must be same or cross");
  if (chunk_kb < 1 || chunk_kb > 1024) k.usage_error("--chunk-kb must be between 1 and 1024");
  if (mb_per_op < 1 || mb_per_op > 4096) k.usage_error("--mb-per-op must be between 1 and 4096 (MiB)");
  const auto cpus = placement_or_fail(k, placement);
  if (!cpus) return k.finish();

  Stream s{static_cast<size_t>(chunk_kb) << 10, static_cast<size_t>(mb_per_op) << 20};
  std::string error;
  Channels c;
  auto buf = PageBuffer::make(s.chunk, PagePolicy::system_default, error);
  if (!buf || !open_channels(c, error)) {
    close_all(c);
    k.emit_failure(error);
    return k.finish();
  }
  auto writer = Peer::start(cpus->second, [&](PeerReport& r) {
    close(c.sock[0]);
    close(c.control[1]);
    serve_requests(c.control[0], c.sock[1], s.chunk, r);
  }, error);
  const bool closed = close_fd(c.sock[1]) && close_fd(c.control[0]);
  if (!writer || !closed || !vcb::pin_to(cpus->first)) {
    close_all(c);
    k.emit_failure(writer ? "closing the writer's ends or pinning the reader failed" : error);
    return k.finish();
  }
  s.buf = buf->data();
  s.sock = c.sock[0];
  s.control = c.control[1];

  const int cpu_start = vcb::current_cpu();
  vcb::Series series = vcb::time_manual(k.plan(), "", [&s](int64_t n) { return interval(s, n); });
  const int cpu_end = vcb::current_cpu();
  close_all(c);  // EOF on the control pipe ends the writer
  PeerReport report;
  std::string peer_error;
  const bool peer_ok = writer->finish(report, peer_error) && report.error == 0;
  if (!s.error.empty()) series.error = s.error;

  const uint64_t ops = s.offset / s.op_bytes;
  const bool ok = peer_ok && ops > 0 && s.offset % s.op_bytes == 0 && s.stamps > 0 &&
                  static_cast<uint64_t>(report.count) == s.offset;
  nlohmann::json detail = {{"bytes_per_op", s.op_bytes}, {"chunk_bytes", s.chunk}, {"bytes_read", s.offset},
                           {"bytes_written", report.count}, {"stamps_checked", s.stamps},
                           {"reader", party_json(cpus->first, cpu_start, cpu_end)},
                           {"writer", report.to_json()}};
  if (!peer_error.empty()) detail["writer_error"] = peer_error;
  k.emit({.metric = "bandwidth", .unit = "MB/s", .better = vcb::Better::higher, .series = series,
          .values = series.rate(static_cast<double>(s.op_bytes) / 1e6), .detail = detail, .passed = ok,
          .validation = ok ? "read exactly the " + std::to_string(ops) + " x " + std::to_string(s.op_bytes) +
                                 " bytes requested, as many as the writer sent; all " + std::to_string(s.stamps) +
                                 " checked stamps matched"
                           : "byte count, stamps or writer end failed: " +
                                 (peer_error.empty() ? std::string(report.what) : peer_error)});
  return k.finish();
}
