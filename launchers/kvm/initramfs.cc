#include "kvm/initramfs.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <vector>

namespace vcb {
namespace fs = std::filesystem;
namespace {

class CpioWriter {
 public:
  explicit CpioWriter(const std::string& path) : out_(path, std::ios::binary | std::ios::trunc) {}
  bool ok() const { return static_cast<bool>(out_); }
  uint64_t bytes() const { return bytes_; }

  void add(const std::string& name, uint32_t mode, const std::string& data) {
    char head[111];
    std::snprintf(head, sizeof head, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ++ino_, mode, 0u,
                  0u, S_ISDIR(mode) ? 2u : 1u, 0u, static_cast<uint32_t>(data.size()), 0u, 0u, 0u, 0u,
                  static_cast<uint32_t>(name.size() + 1), 0u);
    put(head, 110);
    put(name.c_str(), name.size() + 1);
    pad();
    put(data.data(), data.size());
    pad();
  }
  void finish() { add("TRAILER!!!", 0, ""); }

 private:
  void put(const char* p, size_t n) {
    out_.write(p, static_cast<std::streamsize>(n));
    bytes_ += n;
  }
  void pad() {
    static const char zeros[4] = {};
    put(zeros, (4 - bytes_ % 4) % 4);
  }
  std::ofstream out_;
  uint64_t bytes_ = 0;
  uint32_t ino_ = 0;
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

Result<uint64_t> write_initramfs(const std::string& rootfs_dir, const std::string& agent_path, const std::string& out_path,
                                 const std::vector<ExtraFile>& extra) {
  std::vector<fs::path> entries;
  std::error_code ec;
  if (!rootfs_dir.empty()) {
    for (auto it = fs::recursive_directory_iterator(rootfs_dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      entries.push_back(it->path().lexically_relative(rootfs_dir));  // relative() would resolve links
    if (ec) return Error{"cannot read the appliance rootfs " + rootfs_dir + ": " + ec.message(), 1};
  }
  std::sort(entries.begin(), entries.end());
  const std::string agent = read_all(agent_path);
  if (agent.empty()) return Error{"the guest agent " + agent_path + " is missing; rebuild vcbench", 1};
  CpioWriter cpio(out_path);
  if (!cpio.ok()) return Error{"cannot write " + out_path, 1};
  for (const auto& rel : entries) {
    if (rel == "init") continue;  // the agent is /init
    const fs::path full = fs::path(rootfs_dir) / rel;
    struct stat st;
    if (lstat(full.c_str(), &st) != 0) return Error{"cannot stat " + full.string(), 1};
    const uint32_t perms = st.st_mode & 07777;
    if (S_ISDIR(st.st_mode)) cpio.add(rel.string(), S_IFDIR | perms, "");
    else if (S_ISLNK(st.st_mode)) cpio.add(rel.string(), S_IFLNK | 0777, fs::read_symlink(full).string());
    else if (S_ISREG(st.st_mode)) cpio.add(rel.string(), S_IFREG | perms, read_all(full));
  }
  cpio.add("init", S_IFREG | 0755, agent);
  std::set<std::string> folders;  // the kernel's unpacker creates no missing parent folder
  for (const auto& rel : entries) folders.insert(rel.string());
  for (const auto& f : extra) {
    const std::string data = read_all(f.host_path);
    if (data.empty()) return Error{"cannot read " + f.host_path + " for the guests' initramfs", 1};
    std::string folder;
    for (const auto& part : fs::path(f.archive_path).parent_path()) {
      folder += (folder.empty() ? "" : "/") + part.string();
      if (folders.insert(folder).second) cpio.add(folder, S_IFDIR | 0755, "");
    }
    cpio.add(f.archive_path, S_IFREG | (f.mode & 07777), data);
  }
  cpio.finish();
  if (!cpio.ok()) return Error{"writing " + out_path + " failed; check free space", 1};
  return cpio.bytes();
}

}  // namespace vcb
