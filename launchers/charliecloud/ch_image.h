#pragma once
// A user-named image for the charliecloud environment (VCBENCH_CH_IMAGE): a directory is run as
// it is; anything else (docker:REF, podman:REF, a tarball or SquashFS file) is converted with
// ch-convert into a directory first. Both digests are kept: the source's (file sha256 or the
// engine's image id) and the converted tree's (sha256 of its canonical archive, as the appliance
// digest is computed), so a record names the bits that really ran.
#include <string>

#include "util/result.h"

namespace vcb {

struct ChImage {
  std::string dir;            // what ch-run runs
  std::string source;         // as the user named it
  std::string source_format;  // "dir", "docker", "podman", "tar", "squash"
  std::string source_digest;  // "sha256:..."
  std::string tree_digest;    // "sha256:..." of the directory's canonical archive
  bool converted = false;
};

// Converts `named` (when it is not a directory) into work_dir/<name> and digests both sides.
Result<ChImage> prepare_ch_image(const std::string& named, const std::string& work_dir);

}  // namespace vcb
