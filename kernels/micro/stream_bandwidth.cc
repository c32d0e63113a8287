#include "stream_bandwidth.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "stream_stamp.h"
#include "vcb/timer.h"

namespace vcb::micro {
namespace {

bool request(StreamReader& r) {
  if (r.control < 0) return true;
  const uint64_t bytes = r.op_bytes;
  if (write_exact(r.control, &bytes, sizeof bytes) == Io::ok) return true;
  r.error = std::string("write(control): ") + std::strerror(errno);
  return false;
}

bool read_op(StreamReader& r) {
  if (!request(r)) return false;
  for (size_t left = r.op_bytes; left > 0;) {
    const ssize_t got = read(r.fd, r.buf, std::min(r.chunk, left));
    if (got <= 0) {
      r.error = got == 0 ? "the writer closed the channel early" : std::string("read: ") + std::strerror(errno);
      return false;
    }
    if (!check_stamps(r.buf, static_cast<size_t>(got), r.offset, r.stamps)) {
      r.error = "sequence stamp mismatch near stream offset " + std::to_string(r.offset);
      return false;
    }
    r.offset += static_cast<uint64_t>(got);
    left -= static_cast<size_t>(got);
  }
  return true;
}

}  // namespace

double read_interval(StreamReader& r, int64_t ops) {
  const int64_t t0 = vcb::now_ns();
  for (int64_t i = 0; i < ops; ++i)
    if (!read_op(r)) return -1;
  return vcb::seconds_since(t0);
}

void emit_stream_record(vcb::Kernel& k, const StreamReader& r, StreamResult result, nlohmann::json detail) {
  if (!r.error.empty()) result.series.error = r.error;
  const uint64_t ops = r.op_bytes > 0 ? r.offset / r.op_bytes : 0;
  const auto written = static_cast<uint64_t>(result.writer.count);
  const bool writer_ok = result.writer_finished && result.writer.error == 0 &&
                         (result.writer_sends_exactly ? written == r.offset : written >= r.offset);
  const bool ok = writer_ok && ops > 0 && r.offset % r.op_bytes == 0 && r.stamps > 0;
  detail.update({{"bytes_per_op", r.op_bytes}, {"chunk_bytes", r.chunk}, {"bytes_read", r.offset},
                 {"bytes_written", written}, {"stamps_checked", r.stamps},
                 {"reader", party_json(result.reader_cpu, result.reader_cpu_start, result.reader_cpu_end)},
                 {"writer", result.writer.to_json()}});
  if (!result.writer_error.empty()) detail["writer_error"] = result.writer_error;
  std::string why = "read exactly " + std::to_string(ops) + " x " + std::to_string(r.op_bytes) + " bytes (the writer sent " +
                    (result.writer_sends_exactly ? "exactly" : "at least") + " as many); all " +
                    std::to_string(r.stamps) + " checked stamps matched; the writer ended cleanly";
  if (!ok)
    why = "byte count, stamps or writer end failed: " +
          (result.writer_error.empty() ? std::string(result.writer.what) : result.writer_error);
  const std::vector<double> values = result.series.rate(static_cast<double>(r.op_bytes) / 1e6);
  k.emit({.metric = "bandwidth", .unit = "MB/s", .better = vcb::Better::higher, .series = result.series,
          .values = values, .detail = detail, .passed = ok, .validation = why});
}

}  // namespace vcb::micro
