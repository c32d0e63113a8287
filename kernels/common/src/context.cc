#include "vcb/context.h"

#include <sys/utsname.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "vcb/affinity.h"

namespace vcb {
namespace {

std::string status_field(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) {
      const auto start = line.find_first_not_of(" \t", key.size());
      return start == std::string::npos ? "" : line.substr(start);
    }
  return "";
}

nlohmann::json seccomp_mode() {
  const std::string s = status_field("Seccomp:");
  if (s.empty()) return nullptr;
  return std::stoi(s);
}

nlohmann::json effective_capabilities() {
  const std::string s = status_field("CapEff:");
  if (s.empty()) return nullptr;
  return s;
}

// "always [madvise] never" -> "madvise"
nlohmann::json bracketed_choice(const std::string& path) {
  const std::string s = read_first_line(path);
  const auto open = s.find('['), close = s.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return nullptr;
  return s.substr(open + 1, close - open - 1);
}

nlohmann::json text_or_null(const std::string& path) {
  std::string s = read_first_line(path);
  if (s.empty()) return nullptr;
  return s;
}

const char* fs_name(long magic) {
  switch (static_cast<unsigned long>(magic)) {
    case 0xEF53: return "ext4";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x794C7630: return "overlay";
    case 0x01021994: return "tmpfs";
    case 0x01021997: return "9p";
    case 0x65735546: return "fuse";
    case 0x6E667364: return "nfsd";
    case 0x6969: return "nfs";
    case 0x858458F6: return "ramfs";
    case 0x73717368: return "squashfs";
    case 0x24051905: return "ubifs";
    default: return nullptr;
  }
}

struct Mount { std::string point, source, options, fstype; };

// The mountinfo entry whose mount point is the longest prefix of `path`.
Mount mount_of(const std::string& path) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  Mount best;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string id, parent, devno, root, point, opts, tok;
    f >> id >> parent >> devno >> root >> point >> opts;
    while (f >> tok && tok != "-") {}
    Mount m{point, "", opts, ""};
    f >> m.fstype >> m.source;
    const bool prefix = path.rfind(point, 0) == 0 &&
                        (point == "/" || path.size() == point.size() || path[point.size()] == '/');
    if (prefix && point.size() >= best.point.size()) best = m;
  }
  return best;
}

// The kernel the process really runs on: the host's in a container, the guest's own in a VM.
nlohmann::json kernel_release() {
  struct utsname u;
  if (uname(&u) != 0) return nullptr;
  return u.release;
}

// Namespace identities ("net:[4026531840]" -> 4026531840): equal to the host's inode means shared.
nlohmann::json namespace_inodes() {
  nlohmann::json out = nlohmann::json::object();
  for (const char* ns : {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}) {
    char link[64] = {};
    const ssize_t n = readlink(("/proc/self/ns/" + std::string(ns)).c_str(), link, sizeof link - 1);
    const char* open = n > 0 ? std::strchr(link, '[') : nullptr;
    out[ns] = open ? nlohmann::json(std::strtoull(open + 1, nullptr, 10)) : nlohmann::json(nullptr);
  }
  return out;
}

}  // namespace

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}

nlohmann::json process_context() {
  return {{"seccomp", seccomp_mode()},
          {"capabilities", effective_capabilities()},
          {"cpus_allowed", allowed_cpus()},
          {"clocksource", text_or_null("/sys/devices/system/clocksource/clocksource0/current_clocksource")},
          {"thp", bracketed_choice("/sys/kernel/mm/transparent_hugepage/enabled")},
          {"kernel_release", kernel_release()},
          {"namespaces", namespace_inodes()}};
}

nlohmann::json filesystem_of(const std::string& path) {
  nlohmann::json out = {{"path", path}, {"type", nullptr}};
  struct statfs sf;
  if (statfs(path.c_str(), &sf) != 0) return out;
  char magic[32];
  snprintf(magic, sizeof magic, "0x%lx", static_cast<unsigned long>(sf.f_type));
  out["magic"] = magic;
  const Mount m = mount_of(path);
  const char* name = fs_name(sf.f_type);
  out["type"] = name ? std::string(name) : (m.fstype.empty() ? std::string(magic) : m.fstype);
  out["mount_point"] = m.point;
  out["source"] = m.source;
  out["options"] = m.options;
  return out;
}

}  // namespace vcb
