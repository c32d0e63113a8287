#pragma once
// PCI passthrough planning over a sysfs root (the real /sys, or a fake tree in tests: there is no
// IOMMU here). A device can be handed to the guest only when its whole IOMMU group can: every
// other device of the group must be unbound or already on vfio-pci (or be a bridge), otherwise
// the host still uses part of the group and VFIO refuses it.
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb {

struct PciGroupMember {
  std::string bdf;
  std::string driver;  // empty = no driver bound
  bool bridge = false; // class 0x0604: bridges stay with the host and do not block the group
};

struct PciPlan {
  std::string bdf;
  int iommu_group = -1;
  std::string driver;                 // the driver bound now ("" = none)
  bool needs_bind = false;            // not yet on vfio-pci: bind before start, restore on stop
  std::vector<PciGroupMember> group;  // every device of the group, the device itself included
  std::vector<std::string> qemu_args; // -device vfio-pci,host=<bdf>
  // The sysfs writes that move the device to vfio-pci (path, value), in order; reversed by restore.
  std::vector<std::pair<std::string, std::string>> bind_steps;
};

// "0000:81:00.0"; errors name what is wrong: malformed BDF, no such device, no IOMMU group
// (IOMMU off: intel_iommu=on / amd_iommu=on), another device of the group in use by a driver.
Result<PciPlan> plan_passthrough(const std::string& sysfs_root, const std::string& bdf);

}  // namespace vcb
