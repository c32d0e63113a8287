#pragma once
// Writes a root file system folder from pieces of the host. Host files keep their host paths, and
// every symlink met on the way to them is recreated as the same symlink (Debian's /bin -> usr/bin,
// /lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/..., libstdc++.so.6 -> libstdc++.so.6.0.30),
// so the links inside the rootfs resolve exactly as on the host and none dangles.
#include <set>
#include <string>

#include "tar.h"
#include "util/result.h"

namespace vcb::appliance {

class RootfsWriter {
 public:
  explicit RootfsWriter(std::string root) : root_(std::move(root)) {}

  // Mirrors an absolute host path (file, symlink chain or folder, which is copied whole) into the
  // root at the same path. Returns the host path it resolved to.
  Result<std::string> add_host_path(const std::string& host_path);

  // Copies one host file to `path` in the root (e.g. a program to /opt/vcbench/bin).
  Result<Ok> add_file_as(const std::string& host_file, const std::string& path);
  Result<Ok> add_dir(const std::string& path);
  Result<Ok> add_text(const std::string& path, const std::string& text);

 private:
  std::string in_root(const std::string& path) const { return root_ + path; }
  Result<Ok> ensure_dir(const std::string& path);
  Result<Ok> mirror_symlink(const std::string& path, const std::string& target);
  Result<Ok> copy_file(const std::string& host_file, const std::string& path);
  Result<Ok> add_tree(const std::string& host_dir);

  std::string root_;
  std::set<std::string> copied_;  // resolved host paths already in the root (also breaks link cycles)
};

}  // namespace vcb::appliance
