#include "appliance.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "closure.h"
#include "rootfs.h"
#include "tar.h"

namespace vcb::appliance {
namespace fs = std::filesystem;
namespace {

constexpr const char* marker_name = ".vcbench-appliance";
constexpr const char* shell = "/bin/sh";  // lat_proc's "shell" op execs /bin/sh -c

// What a container or VM runtime mounts over, plus the accounts and names libc looks up.
const std::vector<std::string> skeleton_dirs = {"/proc", "/dev", "/sys",     "/tmp", "/run",
                                                "/home", "/mnt", "/scratch", "/root"};

Result<std::vector<std::string>> find_programs(const std::string& program_dir) {
  std::vector<std::string> programs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(program_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("vcb-", 0) == 0 && e.is_regular_file() && access(e.path().c_str(), X_OK) == 0)
      programs.push_back(e.path().string());
  }
  if (ec)
    return Error{"appliance: cannot read " + program_dir + ": " + ec.message() +
                 "; build first: scripts/build.sh"};
  if (programs.empty())
    return Error{"appliance: no vcb-* programs in " + program_dir + "; build first: scripts/build.sh"};
  std::sort(programs.begin(), programs.end());
  return programs;
}

// Creates out_dir (or reuses one that holds an appliance) and proves it is writable. A folder with
// other things in it is refused: the build replaces what it finds there.
Result<Ok> prepare_out_dir(const std::string& out_dir) {
  std::error_code ec;
  if (fs::exists(out_dir, ec) && !fs::is_empty(out_dir, ec) && !fs::exists(out_dir + "/" + marker_name, ec))
    return Error{"appliance: " + out_dir + " is not empty and holds no appliance; choose another --out"};
  fs::create_directories(out_dir, ec);
  if (ec)
    return Error{"appliance: cannot create " + out_dir + ": " + ec.message() + "; choose a writable --out"};
  std::ofstream marker(out_dir + "/" + marker_name, std::ios::trunc);
  marker << "made by vcbench appliance build; the next build replaces this folder's contents\n";
  marker.close();
  if (!marker)
    return Error{"appliance: cannot write in " + out_dir + ": " + std::strerror(errno) +
                 "; choose a writable --out"};
  return Ok{};
}

// Holds an exclusive lock on the marker while a build rewrites the folder, so two runs that build
// the same appliance at once take turns instead of mixing their staging folders.
class FolderLock {
 public:
  explicit FolderLock(const std::string& out_dir)
      : fd_(open((out_dir + "/" + marker_name).c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ >= 0) flock(fd_, LOCK_EX);
  }
  ~FolderLock() {
    if (fd_ >= 0) close(fd_);  // closing releases the lock
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_;
};

// Every library the programs and the shell load; a library ldd cannot find is a broken build.
Result<std::vector<std::string>> program_libraries(const std::vector<std::string>& elf_files) {
  auto report = run_ldd(elf_files);
  if (!report) return report.error();
  if (!report->missing.empty()) {
    const auto& [file, libs] = *report->missing.begin();
    return Error{"appliance: " + file + " needs " + libs.front() +
                     ", which the loader cannot find; install its package or fix LD_LIBRARY_PATH",
                 1};
  }
  std::set<std::string> libs;
  for (const auto& [file, list] : report->libraries) libs.insert(list.begin(), list.end());
  return std::vector<std::string>(libs.begin(), libs.end());
}

// The manifest's files for this closure, and the libraries the ELF ones among them load. A plugin
// whose library is missing is kept without it: it fails to load in the appliance exactly as on the host.
Result<std::vector<std::string>> runtime_files(const std::vector<std::string>& libraries) {
  auto rules = parse_runtime_manifest(builtin_runtime_manifest());
  if (!rules) return rules.error();
  std::set<std::string> names;
  for (const std::string& lib : libraries) names.insert(fs::path(lib).filename().string());
  std::vector<std::string> files = expand_runtime_rules(*rules, names);
  std::vector<std::string> elf;
  for (const std::string& f : files) {
    std::error_code ec;
    if (fs::is_directory(f, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(f, ec))
        if (e.is_regular_file() && is_elf(e.path().string())) elf.push_back(e.path().string());
    } else if (is_elf(f)) {
      elf.push_back(f);
    }
  }
  auto report = run_ldd(elf);
  if (!report) return report.error();
  for (const auto& [file, list] : report->libraries) files.insert(files.end(), list.begin(), list.end());
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

Result<Ok> write_skeleton(RootfsWriter& root) {
  for (const std::string& d : skeleton_dirs)
    if (auto r = root.add_dir(d); !r) return r;
  const std::pair<const char*, const char*> files[] = {
      {"/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"},
      {"/etc/group", "root:x:0:\n"},
      {"/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"},
      {"/etc/resolv.conf", ""}};
  for (const auto& [path, text] : files)
    if (auto r = root.add_text(path, text); !r) return r;
  return Ok{};
}

Result<Ok> write_rootfs(const std::string& rootfs, const std::vector<std::string>& programs) {
  std::error_code ec;
  fs::create_directories(rootfs, ec);
  if (ec) return Error{"appliance: cannot create " + rootfs + ": " + ec.message(), 1};
  std::vector<std::string> elf = programs;
  elf.push_back(shell);
  auto libs = program_libraries(elf);
  if (!libs) return libs.error();
  auto extra = runtime_files(*libs);
  if (!extra) return extra.error();
  RootfsWriter root(rootfs);
  for (const std::string& p : programs)
    if (auto r = root.add_file_as(p, std::string(programs_path) + "/" + fs::path(p).filename().string()); !r)
      return r;
  for (const auto* list : {&*libs, &*extra})
    for (const std::string& path : *list)
      if (auto r = root.add_host_path(path); !r) return r.error();
  if (auto r = root.add_host_path(shell); !r) return r.error();
  return write_skeleton(root);
}

nlohmann::json manifest_json(const Appliance& a, const std::vector<TarEntry>& entries) {
  nlohmann::json files = nlohmann::json::array();
  for (const TarEntry& e : entries) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", e.mode);
    nlohmann::json f = {{"path", "/" + e.path}, {"mode", mode}};
    if (e.type == EntryType::file) f["type"] = "file", f["size"] = e.size;
    if (e.type == EntryType::directory) f["type"] = "directory";
    if (e.type == EntryType::symlink) f["type"] = "symlink", f["target"] = e.link_target;
    files.push_back(std::move(f));
  }
  return {{"schema", "vcbench/appliance/1"},
          {"digest", a.digest},
          {"source", a.source},
          {"programs", a.programs},
          {"file_count", a.file_count},
          {"rootfs_bytes", a.rootfs_bytes},
          {"tar_bytes", a.tar_bytes},
          {"files", files}};
}

Result<Ok> write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Error{"appliance: cannot write " + path + ": " + std::strerror(errno), 1};
  return Ok{};
}

// Replaces `to` with `from` by renames, so a program running from the old rootfs keeps its files.
Result<Ok> swap_in(const std::string& from, const std::string& to) {
  std::error_code ec;
  const std::string old = to + ".old";
  fs::remove_all(old, ec);
  if (fs::exists(to, ec)) fs::rename(to, old, ec);
  if (!ec) fs::rename(from, to, ec);
  if (ec) return Error{"appliance: cannot move " + from + " to " + to + ": " + ec.message(), 1};
  fs::remove_all(old, ec);
  return Ok{};
}

}  // namespace

std::string own_program_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

Result<Appliance> build(const std::string& program_dir, const std::string& out_dir) {
  std::error_code ec;
  Appliance a;
  a.source = fs::weakly_canonical(program_dir, ec).string();
  auto programs = find_programs(a.source);
  if (!programs) return programs.error();
  for (const std::string& p : *programs) a.programs.push_back(fs::path(p).filename().string());
  a.dir = fs::weakly_canonical(fs::absolute(out_dir, ec), ec).string();
  if (auto r = prepare_out_dir(a.dir); !r) return r.error();
  const FolderLock lock(a.dir);
  a.rootfs = a.dir + "/rootfs";
  a.tarball = a.dir + "/appliance.tar";

  const std::string staging = a.dir + "/rootfs.new";
  fs::remove_all(staging, ec);
  if (auto r = write_rootfs(staging, *programs); !r) return r.error();
  auto entries = scan_tree(staging);
  if (!entries) return entries.error();
  auto tar = write_tar(staging, *entries, a.tarball + ".new");
  if (!tar) return tar.error();
  if (auto r = swap_in(staging, a.rootfs); !r) return r.error();
  fs::rename(a.tarball + ".new", a.tarball, ec);
  if (ec) return Error{"appliance: cannot write " + a.tarball + ": " + ec.message(), 1};

  a.digest = "sha256:" + tar->sha256_hex;
  a.tar_bytes = tar->bytes;
  a.file_count = entries->size();
  for (const TarEntry& e : *entries) a.rootfs_bytes += e.size;
  if (auto r = write_text(a.dir + "/manifest.json", manifest_json(a, *entries).dump(1) + "\n"); !r)
    return r.error();
  if (auto r = write_text(a.dir + "/digest", a.digest + "\n"); !r) return r.error();
  return a;
}

}  // namespace vcb::appliance
