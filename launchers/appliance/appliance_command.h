#pragma once
// The CLI side of the appliance: `vcbench appliance build [--out DIR]` and
// `vcbench appliance image --engine docker|podman [--out DIR]`.
#include <string>

namespace vcb::appliance {

// The default output folder: <program_dir>/../appliance (build/appliance next to build/bin).
std::string default_out_dir(const std::string& program_dir);

// Builds the appliance of the running vcbench's build (program_dir empty: the folder of the running
// executable) into out_dir (empty: default_out_dir). Prints digest, rootfs, tarball, file count and
// size. Exit 0; 2 on bad input (no programs, out_dir unusable); 1 when the build fails.
int appliance_build_command(const std::string& out_dir, const std::string& program_dir = "");

// Builds the appliance (as above), then makes sure `engine` has its image (reused when its label
// equals the digest, replaced when stale). Prints the image reference. Exit 0; 2 on bad input or no
// engine answering (with the fix); 1 when the build or the import fails.
int appliance_image_command(const std::string& engine, const std::string& out_dir,
                            const std::string& program_dir = "");

}  // namespace vcb::appliance
