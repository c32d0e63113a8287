#pragma once
// Whether post-copy can work here. QEMU's destination resolves page faults with userfaultfd, so
// the probe opens one, negotiates the API and registers a region for missing-page faults the way
// QEMU checks it; it also records the sysctl and /dev/userfaultfd. QEMU's own answer comes later,
// when the postcopy-ram capability is set on the destination.
#include <nlohmann/json.hpp>
#include <string>

namespace vcb::migrate {

struct UffdProbe {
  bool ok = false;
  std::string reason;  // why not, when !ok
  nlohmann::json facts;  // syscall result, unprivileged_userfaultfd, /dev/userfaultfd
};

UffdProbe probe_userfaultfd();

}  // namespace vcb::migrate
