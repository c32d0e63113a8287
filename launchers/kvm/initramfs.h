#pragma once
// The VM boot artifact of the appliance: its root file system as an initramfs (cpio "newc",
// uncompressed: the kernel accepts that, and skipping gzip saves seconds per start), with the
// static agent as /init. Entries are sorted by path and carry no host times or owners, so the
// same rootfs and agent always give the same bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb {

// A host file added to the archive (the MPI guests' NIC modules and remote-start client).
struct ExtraFile {
  std::string archive_path;  // relative, e.g. "vcb/modules/01-virtio.ko"; its folders are created
  std::string host_path;
  uint32_t mode = 0644;
};

// Writes rootfs_dir (may be empty: the probe's guest holds only the agent) plus agent_path as
// /init, plus `extra`, into out_path. Returns the archive's size in bytes.
Result<uint64_t> write_initramfs(const std::string& rootfs_dir, const std::string& agent_path, const std::string& out_path,
                                 const std::vector<ExtraFile>& extra = {});

}  // namespace vcb
