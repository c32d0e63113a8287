#include "rootfs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <vector>

namespace vcb::appliance {
namespace fs = std::filesystem;
namespace {

constexpr int max_symlinks = 40;  // the kernel's own limit (ELOOP)

std::deque<std::string> components(const std::string& path) {
  std::deque<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const std::string part =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!part.empty() && part != ".") parts.push_back(part);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

std::string parent_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

Error host_error(const std::string& what, const std::string& path) {
  return Error{"appliance: " + what + " " + path + ": " + std::strerror(errno), 1};
}

}  // namespace

Result<Ok> RootfsWriter::ensure_dir(const std::string& path) {
  if (path.empty()) return Ok{};
  struct stat st;
  if (lstat(in_root(path).c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Ok{};
    return Error{"appliance: " + path + " is both a folder and something else on the host's paths", 1};
  }
  if (auto up = ensure_dir(parent_of(path)); !up) return up;
  if (mkdir(in_root(path).c_str(), 0755) != 0) return host_error("cannot create", in_root(path));
  if (chmod(in_root(path).c_str(), normalised_mode(EntryType::directory, 0, path.substr(1))) != 0)
    return host_error("cannot chmod", in_root(path));
  return Ok{};
}

Result<Ok> RootfsWriter::mirror_symlink(const std::string& path, const std::string& target) {
  if (auto up = ensure_dir(parent_of(path)); !up) return up;
  std::error_code ec;
  const fs::path where = in_root(path);
  if (fs::is_symlink(fs::symlink_status(where, ec))) {
    if (fs::read_symlink(where, ec) == target) return Ok{};
    return Error{"appliance: two different links named " + path, 1};
  }
  fs::create_symlink(target, where, ec);
  if (ec) return Error{"appliance: cannot create link " + where.string() + ": " + ec.message(), 1};
  return Ok{};
}

Result<Ok> RootfsWriter::copy_file(const std::string& host_file, const std::string& path) {
  if (auto up = ensure_dir(parent_of(path)); !up) return up;
  struct stat st;
  if (stat(host_file.c_str(), &st) != 0) return host_error("cannot stat", host_file);
  std::error_code ec;
  fs::copy_file(host_file, in_root(path), fs::copy_options::overwrite_existing, ec);
  if (ec) return Error{"appliance: cannot copy " + host_file + ": " + ec.message(), 1};
  // The folder holds what the archive says: the same normalised modes.
  if (chmod(in_root(path).c_str(), normalised_mode(EntryType::file, st.st_mode, path)) != 0)
    return host_error("cannot chmod", in_root(path));
  return Ok{};
}

Result<Ok> RootfsWriter::add_tree(const std::string& host_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(host_dir, ec)) names.push_back(e.path().filename().string());
  if (ec) return Error{"appliance: cannot list " + host_dir + ": " + ec.message(), 1};
  std::sort(names.begin(), names.end());
  for (const std::string& name : names)
    if (auto r = add_host_path(host_dir + "/" + name); !r) return r.error();
  return Ok{};
}

Result<std::string> RootfsWriter::add_host_path(const std::string& host_path) {
  if (host_path.empty() || host_path[0] != '/')
    return Error{"appliance: not an absolute path: " + host_path, 1};
  std::deque<std::string> pending = components(host_path);
  std::string resolved;  // "" is "/"; never contains a symlink
  int links = 0;
  while (!pending.empty()) {
    const std::string part = pending.front();
    pending.pop_front();
    if (part == "..") {
      resolved = parent_of(resolved);
      continue;
    }
    const std::string path = resolved + "/" + part;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return host_error("cannot find", path);
    if (S_ISLNK(st.st_mode)) {
      if (++links > max_symlinks) return Error{"appliance: too many symlinks resolving " + host_path, 1};
      std::error_code ec;
      const std::string target = fs::read_symlink(path, ec).string();
      if (ec) return Error{"appliance: cannot read link " + path + ": " + ec.message(), 1};
      if (auto r = mirror_symlink(path, target); !r) return r.error();
      const std::deque<std::string> more = components(target);
      pending.insert(pending.begin(), more.begin(), more.end());
      if (target[0] == '/') resolved.clear();
      continue;
    }
    resolved = path;
    if (S_ISDIR(st.st_mode)) {
      if (auto r = ensure_dir(path); !r) return r.error();
    } else if (!pending.empty()) {
      return Error{"appliance: not a folder: " + path + " (in " + host_path + ")", 1};
    } else if (!S_ISREG(st.st_mode)) {
      return Error{"appliance: not a regular file: " + path, 1};
    }
  }
  if (resolved.empty() || !copied_.insert(resolved).second) return resolved;
  struct stat st;
  if (stat(resolved.c_str(), &st) != 0) return host_error("cannot stat", resolved);
  auto done = S_ISDIR(st.st_mode) ? add_tree(resolved) : copy_file(resolved, resolved);
  if (!done) return done.error();
  return resolved;
}

Result<Ok> RootfsWriter::add_file_as(const std::string& host_file, const std::string& path) {
  return copy_file(host_file, path);
}

Result<Ok> RootfsWriter::add_dir(const std::string& path) { return ensure_dir(path); }

Result<Ok> RootfsWriter::add_text(const std::string& path, const std::string& text) {
  if (auto up = ensure_dir(parent_of(path)); !up) return up;
  std::ofstream out(in_root(path), std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return host_error("cannot write", in_root(path));
  if (chmod(in_root(path).c_str(), 0644) != 0) return host_error("cannot chmod", in_root(path));
  return Ok{};
}

}  // namespace vcb::appliance
