#include "kvm/kvm_pci.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

namespace vcb {
namespace fs = std::filesystem;
namespace {

std::string driver_of(const fs::path& device) {
  std::error_code ec;
  const auto link = fs::read_symlink(device / "driver", ec);
  return ec ? "" : link.filename().string();
}

bool is_bridge(const fs::path& device) {
  std::ifstream in(device / "class");
  std::string cls;
  in >> cls;
  return cls.rfind("0x0604", 0) == 0;
}

}  // namespace

Result<PciPlan> plan_passthrough(const std::string& sysfs_root, const std::string& bdf) {
  static const std::regex bdf_form("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");
  if (!std::regex_match(bdf, bdf_form))
    return Error{"'" + bdf + "' is not a PCI address; use the domain:bus:device.function form, e.g. 0000:81:00.0"};
  const fs::path device = fs::path(sysfs_root) / "bus/pci/devices" / bdf;
  std::error_code ec;
  if (!fs::exists(device, ec)) return Error{"no PCI device " + bdf + " (see lspci -D)"};
  const auto group_link = fs::read_symlink(device / "iommu_group", ec);
  if (ec)
    return Error{"PCI device " + bdf + " has no IOMMU group: enable the IOMMU (intel_iommu=on or amd_iommu=on on "
                 "the kernel command line) and reboot"};
  PciPlan plan;
  plan.bdf = bdf;
  plan.iommu_group = std::atoi(group_link.filename().c_str());
  plan.driver = driver_of(device);
  const fs::path members = fs::path(sysfs_root) / "kernel/iommu_groups" / group_link.filename() / "devices";
  for (const auto& e : fs::directory_iterator(members, ec)) {
    const fs::path dev = fs::path(sysfs_root) / "bus/pci/devices" / e.path().filename();
    plan.group.push_back({e.path().filename().string(), driver_of(dev), is_bridge(dev)});
  }
  if (ec) return Error{"cannot list IOMMU group " + std::to_string(plan.iommu_group) + ": " + ec.message()};
  std::sort(plan.group.begin(), plan.group.end(), [](auto& a, auto& b) { return a.bdf < b.bdf; });
  for (const auto& m : plan.group) {
    if (m.bdf == bdf || m.bridge || m.driver.empty() || m.driver == "vfio-pci") continue;
    return Error{"IOMMU group " + std::to_string(plan.iommu_group) + " of " + bdf + " also holds " + m.bdf +
                 ", in use by driver " + m.driver + "; pass it through too or unbind it"};
  }
  plan.needs_bind = plan.driver != "vfio-pci";
  const std::string dev = (fs::path(sysfs_root) / "bus/pci/devices" / bdf).string();
  if (plan.needs_bind) {
    plan.bind_steps.push_back({dev + "/driver_override", "vfio-pci"});
    if (!plan.driver.empty()) plan.bind_steps.push_back({dev + "/driver/unbind", bdf});
    plan.bind_steps.push_back({sysfs_root + "/bus/pci/drivers_probe", bdf});
  }
  plan.qemu_args = {"-device", "vfio-pci,host=" + bdf};
  return plan;
}

}  // namespace vcb
