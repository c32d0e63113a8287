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
  std::string vendor_device;          // "8086:1572", to find the device again inside the guest
  // The sysfs writes (path, value), in order, that move the device to vfio-pci, and those that
  // give it back to the driver it had (or to none).
  std::vector<std::pair<std::string, std::string>> bind_steps, restore_steps;
};

// "0000:81:00.0"; errors name what is wrong: malformed BDF, no such device, no IOMMU group
// (IOMMU off: intel_iommu=on / amd_iommu=on), another device of the group in use by a driver.
// Devices in `together` are passed through in the same guest, so they do not block the group.
Result<PciPlan> plan_passthrough(const std::string& sysfs_root, const std::string& bdf,
                                 const std::vector<std::string>& together = {});

// Carries out bind_steps, then checks that the device's driver is vfio-pci. On failure, whatever
// was written is undone. `sysfs_root` is where the vfio-pci driver folder is looked for.
Result<bool> bind_to_vfio(const std::string& sysfs_root, const PciPlan& plan);
// Carries out restore_steps (the device back to the driver it had); errors say which write failed.
Result<bool> restore_driver(const PciPlan& plan);

// The "vendor:device" pairs a guest lists in /sys/bus/pci/devices/*/{vendor,device}, read from the
// lines "pci 0x8086 0x1572" the guest's view script prints.
std::vector<std::string> guest_pci_ids(const std::string& guest_view_output);

}  // namespace vcb
