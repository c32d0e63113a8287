#pragma once
// The appliance (DESIGN.md, "The appliance"): one build turned into one root file system, hashed
// over a canonical archive to a digest, and from it the container image. Every environment runs
// these same bits, and every record names them by the digest.
#include <cstdint>
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb::appliance {

struct Appliance {
  std::string dir;                    // the output folder
  std::string rootfs;                 // dir/rootfs
  std::string tarball;                // dir/appliance.tar
  std::string digest;                 // "sha256:<64 hex>" over the tarball's bytes
  std::string source;                 // the build folder the programs came from
  std::vector<std::string> programs;  // vcb-* names, under /opt/vcbench/bin in the rootfs
  size_t file_count = 0;              // entries of the archive (files, folders, links)
  uint64_t rootfs_bytes = 0;          // sum of the regular files' sizes
  uint64_t tar_bytes = 0;
};

// Where programs live inside the appliance.
inline constexpr const char* programs_path = "/opt/vcbench/bin";

// Builds the appliance of every vcb-* program in program_dir into out_dir (rootfs/, appliance.tar,
// digest, manifest.json), replacing an appliance already there. The same build gives the same
// digest. Errors: exit_code 2 for bad input (no programs, out_dir unusable), 1 for a failed build.
Result<Appliance> build(const std::string& program_dir, const std::string& out_dir);

// The image reference of an appliance for an engine ("docker" or "podman"), as the engine names it.
std::string image_reference(const std::string& engine, const std::string& digest);

// Makes sure the engine has the appliance's image: reuses it when its org.vcbench.appliance label
// equals the digest, otherwise removes it and imports appliance.tar again (a stale image is never
// used). Returns the image reference. Errors are one line naming the fix: exit_code 2 when the engine
// is missing or not answering, 1 when inspecting, removing or importing fails.
Result<std::string> ensure_image(const std::string& engine, const Appliance& a);

// The folder of the running executable (build/bin), read from /proc/self/exe.
std::string own_program_dir();

}  // namespace vcb::appliance
