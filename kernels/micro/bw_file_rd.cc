// lmbench-style bw_file_rd: re-reading a cached file with read(2), plus a user-space sum.
// Before timing: a file of --size-mb MiB whose 8-byte words are 1, 2, 3, ... is written in --dir and
// read back once (so it sits in the page cache and its sum is checked). No fsync: this is a page-
// cache re-read benchmark, the file is deleted at the end, and writeback must not run during timing.
// Timed loop (Google Benchmark, fixed iterations per interval), one op:
//   io_only    lseek(fd, 0) + read() of 64 KB chunks until `size` bytes, each chunk summed word by
//              word in user space right after its read (lmbench's bread: 1 KB unrolled blocks of
//              8-byte loads, scalar) — the file is opened once before timing;
//   open2close open() + the same + close().
// MB/s = size / 10^6 per op / time. Nothing subtracted. Every op's sum is compared with the closed-
// form sum of the pattern (one compare per op); a failing call or a short read fails the record.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "page_buffer.h"
#include "peer_process.h"
#include "vcb/context.h"
#include "vcb/kernel.h"

namespace {

using vcb::micro::Io;

constexpr size_t chunk_bytes = 64 * 1024;  // lmbench's XFERSIZE
constexpr size_t block_words = 128;        // bread's unrolled block: 1 KB of 8-byte words

template <size_t... I>
inline uint64_t block_sum(const uint64_t* p, std::index_sequence<I...>) {
  return (uint64_t{0} + ... + p[I]);
}

uint64_t chunk_sum(const char* chunk, size_t bytes) {
  const auto* p = reinterpret_cast<const uint64_t*>(chunk);
  const size_t words = bytes / sizeof(uint64_t);
  uint64_t sum = 0;
  size_t w = 0;
  for (; w + block_words <= words; w += block_words) sum += block_sum(p + w, std::make_index_sequence<block_words>{});
  for (; w < words; ++w) sum += p[w];
  return sum;
}

// Sum of 1..n mod 2^64, the words of the whole file.
uint64_t pattern_sum(uint64_t n) { return n % 2 == 0 ? (n / 2) * (n + 1) : n * ((n + 1) / 2); }

std::string errno_text(const std::string& call) { return call + " failed: " + std::strerror(errno); }

// lseek(0) and read the whole file in chunks, summing each; the sum, or an error message.
bool read_and_sum(int fd, char* chunk, size_t size, uint64_t& sum, std::string& error) {
  if (lseek(fd, 0, SEEK_SET) != 0) { error = errno_text("lseek"); return false; }
  sum = 0;
  for (size_t done = 0; done < size;) {
    const size_t want = std::min(chunk_bytes, size - done);
    const ssize_t got = read(fd, chunk, want);
    if (got != static_cast<ssize_t>(want)) {
      error = got < 0 ? errno_text("read") : "short read at byte " + std::to_string(done);
      return false;
    }
    sum += chunk_sum(chunk, want);
    done += want;
  }
  return true;
}

bool write_pattern(const std::string& path, size_t size, char* chunk, std::string& error) {
  const int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) { error = errno_text("open(" + path + ")"); return false; }
  auto* words = reinterpret_cast<uint64_t*>(chunk);
  bool ok = true;
  for (size_t done = 0; ok && done < size; done += chunk_bytes) {
    for (size_t w = 0; w < chunk_bytes / sizeof(uint64_t); ++w) words[w] = done / sizeof(uint64_t) + w + 1;
    ok = vcb::micro::write_exact(fd, chunk, chunk_bytes) == Io::ok;
    if (!ok) error = errno_text("write(" + path + ")");
  }
  if (close(fd) != 0 && ok) { error = errno_text("close(" + path + ")"); ok = false; }
  return ok;
}

// The test file: created with the pattern, removed on every path out.
class TestFile {
 public:
  explicit TestFile(std::string path) : path_(std::move(path)) {}
  ~TestFile() { remove(); }
  const std::string& path() const { return path_; }
  bool remove() {
    if (path_.empty()) return true;
    const bool ok = unlink(path_.c_str()) == 0 || errno == ENOENT;
    path_.clear();
    return ok;
  }

 private:
  std::string path_;
};

struct Run {
  std::string path;
  int fd = -1;          // io_only: the file opened once
  char* chunk = nullptr;
  size_t size = 0;
  uint64_t expected = 0;
  uint64_t ops = 0;
};

std::function<void(benchmark::State&)> body_for(bool open_each, Run& r) {
  return [open_each, &r](benchmark::State& s) {
    std::string error;
    for (auto _ : s) {
      const int fd = open_each ? open(r.path.c_str(), O_RDONLY) : r.fd;
      uint64_t sum = 0;
      bool ok = fd >= 0 && read_and_sum(fd, r.chunk, r.size, sum, error);
      if (fd < 0) error = errno_text("open");
      if (open_each && fd >= 0 && close(fd) != 0 && ok) { error = errno_text("close"); ok = false; }
      if (ok && sum != r.expected) { error = "sum of the file differs from the pattern's"; ok = false; }
      if (!ok) { s.SkipWithError(error.c_str()); break; }
      benchmark::DoNotOptimize(sum);
      ++r.ops;
    }
  };
}

}  // namespace

int main(int argc, char** argv) {
  vcb::Kernel k("bw_file_rd", argc, argv);
  const std::string op = k.param("op", "io_only");
  const long long size_mb = k.param_int("size-mb", 64);
  const std::string dir = k.option("dir", "/tmp");
  k.begin();
  if (op != "io_only" && op != "open2close") k.usage_error("--op must be io_only or open2close");
  if (size_mb < 1 || size_mb > (1 << 20)) k.usage_error("--size-mb must be between 1 and 1048576 (MiB)");

  std::string error;
  auto chunk = vcb::micro::PageBuffer::make(chunk_bytes, vcb::micro::PagePolicy::system_default, error);
  if (!chunk) { k.emit_failure(error); return k.finish(); }
  TestFile file(dir + "/vcb-bw_file_rd." + std::to_string(getpid()));
  Run r{file.path(), -1, chunk->data(), static_cast<size_t>(size_mb) << 20};
  r.expected = pattern_sum(r.size / sizeof(uint64_t));
  uint64_t first_sum = 0;
  if (!write_pattern(r.path, r.size, r.chunk, error) || (r.fd = open(r.path.c_str(), O_RDONLY)) < 0 ||
      !read_and_sum(r.fd, r.chunk, r.size, first_sum, error) || first_sum != r.expected) {
    if (error.empty()) error = r.fd < 0 ? errno_text("open(" + r.path + ")") : "first read: sum differs from the pattern's";
    if (r.fd >= 0) close(r.fd);
    k.emit_failure("preparing the file failed: " + error);
    return k.finish();
  }
  if (op == "open2close" && close(r.fd) != 0) { k.emit_failure(errno_text("close")); return k.finish(); }
  if (op == "open2close") r.fd = -1;
  const vcb::Series s = vcb::time_gbench(k.plan(), "", body_for(op == "open2close", r));
  const bool closed = r.fd < 0 || close(r.fd) == 0;
  const bool removed = file.remove();

  const nlohmann::json detail = {{"operation", op}, {"bytes_per_op", r.size}, {"chunk_bytes", chunk_bytes},
                                 {"loop", "user-space sum of every 8-byte word, scalar, 1 KB unrolled"},
                                 {"filesystem", vcb::filesystem_of(dir)}, {"ops_total", r.ops}};
  const bool ok = closed && removed && r.ops > 0;
  k.emit({.metric = "bandwidth", .unit = "MB/s", .better = vcb::Better::higher, .series = s,
          .values = s.rate(static_cast<double>(r.size) / 1e6), .detail = detail, .passed = ok,
          .validation = ok ? "every read's sum equals the pattern's known sum (" + std::to_string(r.ops) + " ops)"
                           : "closing or deleting the test file failed"});
  return k.finish();
}
