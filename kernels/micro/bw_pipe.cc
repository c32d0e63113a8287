// lmbench-style bw_pipe: bandwidth through a pipe between two pinned processes.
// Before timing: a pipe, and a writer process forked and pinned (--placement same|cross) that writes
// --chunk-kb messages (64 KB) forever, carrying a sequence stamp every 512 bytes (stream_stamp.h).
// Timed in the reader (time_manual), one op = reading --mb-per-op MiB (10) with read() calls of at
// most chunk-kb into a buffer 128 bytes past page alignment (lmbench's deliberately unaligned
// reader); its only user-space work is checking the first and last stamp of each read (2 loads).
// The stream is continuous across ops and intervals. Nothing subtracted.
// MB/s = bytes per op / 10^6 / time. Validation: the reader received exactly ops x bytes-per-op with
// every checked stamp equal to its stream offset, the writer wrote at least that much and ended
// cleanly (EPIPE once the reader closed its end); both parties' CPUs are read back (detail).
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "page_buffer.h"
#include "peer_process.h"
#include "stream_bandwidth.h"
#include "stream_stamp.h"

namespace {

using namespace vcb::micro;

constexpr size_t reader_offset = 128;

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

int run(vcb::Kernel& k, const vcb::PartyCpus& cpus, StreamReader r) {
  std::string error;
  auto buf = PageBuffer::make(r.chunk + reader_offset, PagePolicy::system_default, error);
  int fds[2] = {-1, -1};
  if (!buf || pipe(fds) != 0) {
    k.emit_failure(buf ? std::string("pipe: ") + std::strerror(errno) : error);
    return k.finish();
  }
  auto writer = Peer::start(cpus.second, [&](PeerReport& rep) {
    close(fds[0]);
    write_forever(fds[1], r.chunk, rep);
  }, error);
  const bool closed = close_fd(fds[1]);  // the reader must not hold the write end: EOF if the writer dies
  if (!writer || !closed || !vcb::pin_to(cpus.first)) {
    close_fd(fds[0]);
    k.emit_failure(writer ? "closing the write end or pinning the reader failed" : error);
    return k.finish();
  }
  r.fd = fds[0];
  r.buf = buf->data() + reader_offset;
  StreamResult result{.reader_cpu = cpus.first, .reader_cpu_start = vcb::current_cpu()};
  result.series = vcb::time_manual(k.plan(), "", [&r](int64_t n) { return read_interval(r, n); });
  result.reader_cpu_end = vcb::current_cpu();
  close_fd(fds[0]);  // the writer now gets EPIPE and reports
  result.writer_finished = writer->finish(result.writer, result.writer_error);
  emit_stream_record(k, r, result, {{"channel", "pipe"}, {"reader_buffer_offset", reader_offset}});
  return k.finish();
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
  return run(k, *cpus, {.chunk = static_cast<size_t>(chunk_kb) << 10, .op_bytes = static_cast<size_t>(mb_per_op) << 20});
}
