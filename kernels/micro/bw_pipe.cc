// lmbench-style bw_pipe: bandwidth through a pipe between two pinned processes.
// Before timing: a pipe, and a writer process forked and pinned (--placement same|cross) that writes
// --chunk-kb messages (64 KB) forever, carrying a sequence stamp every 512 bytes (stream_stamp.h).
// Timed in the reader (time_manual), one op = reading --mb-per-op MiB (10) with read() calls of at
// most chunk-kb into a buffer offset 128 bytes from page alignment (lmbench's unaligned reader).
// The reader's only user-space work is checking the first and last stamp of each read (2 loads).
// The stream is continuous across ops and intervals. Nothing subtracted.
// MB/s = bytes per op / 10^6 / time. Validation: the reader received exactly ops x bytes-per-op with
// every checked stamp equal to its stream offset, the writer wrote at least that much and ended
// cleanly (EPIPE once the reader closed), and both parties report their CPUs (detail).
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

constexpr size_t reader_offset = 128;

struct Stream {
  size_t chunk = 0;
  size_t op_bytes = 0;
  int fd = -1;              // reader's end
  char* buf = nullptr;      // reader buffer, reader_offset past page alignment
  uint64_t offset = 0;      // stream bytes received so far
  uint64_t stamps = 0;      // stamps checked
  std::string error;
};

void write_forever(int fd, size_t chunk, PeerReport& report) {
  std::string error;
  auto buf = PageBuffer::make(chunk, PagePolicy::system_default, error);
  if (!buf) { report.fail("mmap", errno); return; }
  std::memset(buf->data(), 0x5a, chunk);
  for (uint64_t offset = 0;; offset += chunk) {
    stamp_chunk(buf->data(), chunk, offset);
    if (write_exact(fd, buf->data(), chunk) != Io::ok) {
      if (errno != EPIPE) report.fail("write", errno);  // EPIPE: the reader is done, a clean end
      return;
    }
    report.count += static_cast<int64_t>(chunk);
  }
}

// Reads one op's bytes; false (and s.error) on a failed read, an early EOF or a wrong stamp.
bool read_op(Stream& s) {
  for (size_t left = s.op_bytes; left > 0;) {
    const ssize_t got = read(s.fd, s.buf, std::min(s.chunk, left));
    if (got <= 0) {
      s.error = got == 0 ? "the writer closed the pipe early" : std::string("read: ") + std::strerror(errno);
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

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("bw_pipe", argc, argv);
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
  auto buf = PageBuffer::make(s.chunk + reader_offset, PagePolicy::system_default, error);
  int fds[2] = {-1, -1};
  if (!buf || pipe(fds) != 0) {
    k.emit_failure(buf ? std::string("pipe: ") + std::strerror(errno) : error);
    return k.finish();
  }
  s.buf = buf->data() + reader_offset;
  s.fd = fds[0];
  auto writer = Peer::start(cpus->second, [&](PeerReport& r) {
    close(fds[0]);
    write_forever(fds[1], s.chunk, r);
  }, error);
  const bool closed_w = close_fd(fds[1]);
  if (!writer || !closed_w || !vcb::pin_to(cpus->first)) {
    close_fd(fds[0]);
    k.emit_failure(writer ? "closing the write end or pinning the reader failed" : error);
    return k.finish();
  }

  const int cpu_start = vcb::current_cpu();
  vcb::Series series = vcb::time_manual(k.plan(), "", [&s](int64_t n) { return interval(s, n); });
  const int cpu_end = vcb::current_cpu();
  close_fd(fds[0]);  // the writer now gets EPIPE and reports
  PeerReport report;
  std::string peer_error;
  const bool peer_ok = writer->finish(report, peer_error) && report.error == 0;
  if (!s.error.empty()) series.error = s.error;

  const uint64_t ops = s.offset / s.op_bytes;
  const bool exact = s.offset % s.op_bytes == 0 && ops > 0;
  const bool ok = peer_ok && exact && s.stamps > 0 && static_cast<uint64_t>(report.count) >= s.offset;
  nlohmann::json detail = {{"bytes_per_op", s.op_bytes}, {"chunk_bytes", s.chunk},
                           {"reader_buffer_offset", reader_offset}, {"bytes_read", s.offset},
                           {"bytes_written", report.count}, {"stamps_checked", s.stamps},
                           {"reader", party_json(cpus->first, cpu_start, cpu_end)},
                           {"writer", report.to_json()}};
  if (!peer_error.empty()) detail["writer_error"] = peer_error;
  k.emit({.metric = "bandwidth", .unit = "MB/s", .better = vcb::Better::higher, .series = series,
          .values = series.rate(static_cast<double>(s.op_bytes) / 1e6), .detail = detail, .passed = ok,
          .validation = ok ? "read exactly " + std::to_string(ops) + " x " + std::to_string(s.op_bytes) +
                                 " bytes; all " + std::to_string(s.stamps) + " checked stamps matched; writer ended cleanly"
                           : "byte count, stamps or writer end failed: " +
                                 (peer_error.empty() ? std::string(report.what) : peer_error)});
  return k.finish();
}
