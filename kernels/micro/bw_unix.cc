// lmbench-style bw_unix: bandwidth through an AF_UNIX stream socket between two pinned processes.
// Before timing: socketpair(AF_UNIX, SOCK_STREAM), a control pipe, and a writer process forked and
// pinned (--placement same|cross). The writer waits for a request on the control pipe (8 bytes: how
// many bytes to send) and sends them in --chunk-kb writes (64 KB), stamped every 512 bytes with
// the stream offset (stream_stamp.h); it ends when the control pipe reaches EOF.
// Timed in the reader (time_manual), one op = write the request for --mb-per-op MiB (10) to the
// control pipe, then read() chunks of at most chunk-kb until they all arrived, checking the first and
// last stamp of each read (2 loads per read). Nothing subtracted. MB/s = bytes per op / 10^6 / time.
// Validation: the reader received exactly what it requested (ops x bytes-per-op), every checked stamp
// matched its offset, the writer sent exactly as many bytes and ended cleanly; both parties' CPUs are
// read back (detail).
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "page_buffer.h"
#include "peer_process.h"
#include "stream_bandwidth.h"
#include "stream_stamp.h"

namespace {

using namespace vcb::micro;

struct Channels {
  int sock[2] = {-1, -1};     // [0] reader, [1] writer
  int control[2] = {-1, -1};  // reader writes [1], writer reads [0]

  bool open(std::string& error) {
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock) != 0) error = std::string("socketpair: ") + std::strerror(errno);
    else if (pipe(control) != 0) error = std::string("pipe: ") + std::strerror(errno);
    return error.empty();
  }
  void close_all() {
    for (int* fd : {&sock[0], &sock[1], &control[0], &control[1]}) close_fd(*fd);
  }
};

void serve_requests(int control, int sock, size_t chunk, PeerReport& report) {
  std::string error;
  auto buf = PageBuffer::make(chunk, PagePolicy::system_default, error);
  if (!buf) { report.fail("mmap", errno); return; }
  std::memset(buf->data(), 0x5a, chunk);
  for (uint64_t offset = 0;;) {
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

int run(vcb::Kernel& k, const vcb::PartyCpus& cpus, StreamReader r) {
  std::string error;
  Channels c;
  auto buf = PageBuffer::make(r.chunk, PagePolicy::system_default, error);
  if (!buf || !c.open(error)) {
    c.close_all();
    k.emit_failure(error);
    return k.finish();
  }
  auto writer = Peer::start(cpus.second, [&](PeerReport& rep) {
    close(c.sock[0]);
    close(c.control[1]);
    serve_requests(c.control[0], c.sock[1], r.chunk, rep);
  }, error);
  const bool closed = close_fd(c.sock[1]) && close_fd(c.control[0]);
  if (!writer || !closed || !vcb::pin_to(cpus.first)) {
    c.close_all();
    k.emit_failure(writer ? "closing the writer's ends or pinning the reader failed" : error);
    return k.finish();
  }
  r.fd = c.sock[0];
  r.control = c.control[1];
  r.buf = buf->data();
  StreamResult result{.reader_cpu = cpus.first, .reader_cpu_start = vcb::current_cpu(), .writer_sends_exactly = true};
  result.series = vcb::time_manual(k.plan(), "", [&r](int64_t n) { return read_interval(r, n); });
  result.reader_cpu_end = vcb::current_cpu();
  c.close_all();  // EOF on the control pipe ends the writer
  result.writer_finished = writer->finish(result.writer, result.writer_error);
  emit_stream_record(k, r, result, {{"channel", "AF_UNIX SOCK_STREAM socketpair"}});
  return k.finish();
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
  return run(k, *cpus, {.chunk = static_cast<size_t>(chunk_kb) << 10, .op_bytes = static_cast<size_t>(mb_per_op) << 20});
}
