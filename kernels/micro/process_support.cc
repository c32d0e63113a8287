#include "process_support.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <sstream>

namespace vcb::micro {

std::string errno_text(const std::string& what) {
  const int e = errno;
  return what + ": " + std::strerror(e);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string exe_dir() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  const std::string path(buf, static_cast<size_t>(n));
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::optional<long long> status_field_kb(std::string_view status_text, std::string_view field) {
  std::istringstream in{std::string(status_text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() <= field.size() || line.compare(0, field.size(), field) != 0 || line[field.size()] != ':')
      continue;
    std::istringstream rest(line.substr(field.size() + 1));
    long long kb = -1;
    std::string unit;
    if (rest >> kb >> unit && kb >= 0 && unit == "kB") return kb;
    return std::nullopt;
  }
  return std::nullopt;
}

long long count_lines(std::string_view text) {
  long long n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

Plan fixed_plan(const Plan& base, int64_t iterations) {
  Plan p = base;
  p.calibrate = false;
  p.iterations = {{"", iterations}};
  return p;
}

std::vector<double> minus(const std::vector<double>& values, double x) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(v - x);
  return out;
}

std::vector<uint32_t> random_order(uint32_t count, uint64_t seed) {
  std::vector<uint32_t> order(count);
  for (uint32_t i = 0; i < count; ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  for (uint32_t i = count; i > 1; --i) {
    // Modulo bias is irrelevant here (count << 2^64); what matters is a fixed, portable order.
    const uint32_t j = static_cast<uint32_t>(rng() % i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

std::vector<int> ring_cpus(const std::string& placement, const std::vector<int>& allowed, int procs) {
  std::vector<int> out;
  if (allowed.empty() || procs <= 0 || (placement != "same" && placement != "spread")) return out;
  for (int i = 0; i < procs; ++i)
    out.push_back(placement == "same" ? allowed[0] : allowed[static_cast<size_t>(i) % allowed.size()]);
  return out;
}

namespace {

std::string padded_name(char prefix, int64_t value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width)
    digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
  return prefix + digits;
}

}  // namespace

std::vector<std::string> nested_file_names(int64_t count, int fanout) {
  std::vector<std::string> out;
  if (count <= 0 || fanout < 2) return out;
  int depth = 1;  // levels of names, the last being the file
  for (int64_t cap = fanout; cap < count; cap *= fanout) ++depth;
  const int width = static_cast<int>(std::to_string(fanout - 1).size());
  out.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    std::string name;
    int64_t rest = i;
    std::vector<int64_t> digit(static_cast<size_t>(depth));
    for (int level = depth - 1; level >= 0; --level) {
      digit[static_cast<size_t>(level)] = rest % fanout;
      rest /= fanout;
    }
    for (int level = 0; level < depth - 1; ++level)
      name += padded_name('d', digit[static_cast<size_t>(level)], width) + "/";
    name += padded_name('f', digit[static_cast<size_t>(depth - 1)], width);
    out.push_back(std::move(name));
  }
  return out;
}

std::vector<std::string> parent_dirs(const std::vector<std::string>& files) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& f : files)
    for (size_t slash = f.find('/'); slash != std::string::npos; slash = f.find('/', slash + 1)) {
      std::string dir = f.substr(0, slash);
      if (seen.insert(dir).second) out.push_back(std::move(dir));
    }
  return out;
}

std::vector<int64_t> mmap_store_offsets(int64_t size, int64_t stride) {
  std::vector<int64_t> out;
  if (stride <= 0) return out;
  for (int64_t off = 0; off < size / 10; off += stride) out.push_back(off);
  return out;
}

}  // namespace vcb::micro
