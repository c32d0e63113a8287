#pragma once
// One checkpoint/restore of a running counter container through the engine's CRIU support:
// podman checkpoint --export / restore --import, docker checkpoint create / start --checkpoint.
#include <cstdint>
#include <string>

namespace vcb {

struct CheckpointOutcome {
  bool ok = false;
  std::string error;         // the step that failed and the engine's first error line
  double dump_s = 0;         // checkpoint command, container frozen and written out
  double restore_s = 0;      // restore command until the container runs again
  uint64_t image_bytes = 0;  // the exported archive (podman) or checkpoint folder (docker)
  long long counter_before = -1, counter_after = -1;  // the continuity check
};

// Runs the counter container from `image`, checkpoints it into `work_dir`, restores it, reads the
// counter before and after, and removes the container whatever happened.
CheckpointOutcome checkpoint_once(const std::string& engine, const std::string& image, const std::string& work_dir,
                                  const std::string& counter_program);

// The newest image labelled org.vcbench.appliance (the runner's environment start imported it).
std::string newest_appliance_image(const std::string& engine);

}  // namespace vcb
