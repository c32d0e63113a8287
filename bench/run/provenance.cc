#include "run/provenance.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "util/sha256.h"
#include "vcb/build_info.h"

namespace vcb {
namespace fs = std::filesystem;

std::string program_dir() {
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

std::string kernels_digest(const std::string& dir) {
  std::vector<fs::path> programs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind("vcb-", 0) == 0) programs.push_back(e.path());
  std::sort(programs.begin(), programs.end());
  Sha256 h;
  std::vector<char> buf(1 << 16);
  for (const auto& p : programs) {
    h.update(p.filename().string());
    h.update(std::string_view("\0", 1));
    std::ifstream in(p, std::ios::binary);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
      h.update(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
  }
  return "sha256:" + h.hex_digest();
}

nlohmann::json build_json() {
  return {{"version", build_info::version}, {"git_sha", build_info::git_sha},
          {"compiler", build_info::compiler}, {"flags", build_info::flags}};
}

std::string new_run_id() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H-%M-%SZ", &tm);
  std::random_device rd;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", rd() & 0xffff);
  return std::string(stamp) + "-" + suffix;
}

}  // namespace vcb
