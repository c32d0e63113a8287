#pragma once
// The reader side of bw_pipe and bw_unix: one op = receiving bytes-per-op bytes in reads of at most
// one chunk, checking the first and last sequence stamp of every read (stream_stamp.h), and the
// record both kernels emit. The two kernels differ in the channel and in how the writer is driven.
#include <cstdint>
#include <string>

#include "peer_process.h"
#include "vcb/kernel.h"

namespace vcb::micro {

struct StreamReader {
  size_t chunk = 0;      // largest read
  size_t op_bytes = 0;   // bytes per op
  int fd = -1;           // where the data arrives
  int control = -1;      // bw_unix: each op first writes its byte count here; -1 = free-running writer
  char* buf = nullptr;   // receive buffer (bw_pipe: 128 bytes past page alignment)
  uint64_t offset = 0;   // stream bytes received so far: continuous across ops and intervals
  uint64_t stamps = 0;   // stamps checked
  std::string error;     // why the last op failed
};

// n ops, timed where the bytes arrive; seconds, or -1 (and r.error) when an op failed.
double read_interval(StreamReader& r, int64_t ops);

struct StreamResult {
  vcb::Series series;
  int reader_cpu = -1, reader_cpu_start = -1, reader_cpu_end = -1;
  PeerReport writer;
  bool writer_finished = false;  // reported and exited 0
  std::string writer_error;
  bool writer_sends_exactly = false;  // bw_unix: the writer sends exactly what was requested
};

// Emits the bandwidth record: MB/s = bytes per op / 10^6 / time; passed when the reader got exactly
// ops x bytes-per-op, all checked stamps matched, and the writer sent as much (bw_unix: exactly as
// much) and ended cleanly.
void emit_stream_record(vcb::Kernel& k, const StreamReader& r, StreamResult result, nlohmann::json detail);

}  // namespace vcb::micro
