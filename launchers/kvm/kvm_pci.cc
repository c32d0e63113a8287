#include "kvm/kvm_pci.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include "common/subprocess.h"

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

std::string first_word(const fs::path& file) {
  std::ifstream in(file);
  std::string w;
  in >> w;
  return w;
}

// sysfs prints IDs as "0x8086"; lspci and QEMU use "8086".
std::string without_0x(const std::string& v) { return v.rfind("0x", 0) == 0 ? v.substr(2) : v; }

// One sysfs write. No O_CREAT: a path that does not exist is a planning error, not a new file.
Result<bool> write_sysfs(const std::string& path, const std::string& value) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return Error{"cannot open " + path + ": " + std::strerror(errno)};
  const ssize_t n = ::write(fd, value.data(), value.size());
  const int saved = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(value.size()))
    return Error{"writing '" + value + "' to " + path + " failed: " + std::strerror(saved)};
  return true;
}

Result<bool> write_all(const std::vector<std::pair<std::string, std::string>>& steps) {
  for (const auto& [path, value] : steps)
    if (auto w = write_sysfs(path, value); !w) return w;
  return true;
}

}  // namespace

Result<PciPlan> plan_passthrough(const std::string& sysfs_root, const std::string& bdf,
                                 const std::vector<std::string>& together) {
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
    if (std::find(together.begin(), together.end(), m.bdf) != together.end()) continue;
    return Error{"IOMMU group " + std::to_string(plan.iommu_group) + " of " + bdf + " also holds " + m.bdf +
                 ", in use by driver " + m.driver + "; pass it through too or unbind it"};
  }
  plan.needs_bind = plan.driver != "vfio-pci";
  const std::string dev = (fs::path(sysfs_root) / "bus/pci/devices" / bdf).string();
  const std::string drivers = sysfs_root + "/bus/pci/drivers/";
  if (plan.needs_bind) {
    plan.bind_steps.push_back({dev + "/driver_override", "vfio-pci"});
    if (!plan.driver.empty()) plan.bind_steps.push_back({dev + "/driver/unbind", bdf});
    plan.bind_steps.push_back({sysfs_root + "/bus/pci/drivers_probe", bdf});
    plan.restore_steps.push_back({drivers + "vfio-pci/unbind", bdf});
    plan.restore_steps.push_back({dev + "/driver_override", "\n"});
    if (!plan.driver.empty()) plan.restore_steps.push_back({drivers + plan.driver + "/bind", bdf});
  }
  plan.vendor_device = without_0x(first_word(device / "vendor")) + ":" + without_0x(first_word(device / "device"));
  plan.qemu_args = {"-device", "vfio-pci,host=" + bdf};
  return plan;
}

Result<bool> bind_to_vfio(const std::string& sysfs_root, const PciPlan& plan) {
  if (!plan.needs_bind) return true;
  std::error_code ec;
  // vfio-pci is a module in Debian's kernel; drivers_probe cannot pick a driver that is not loaded.
  if (!fs::exists(sysfs_root + "/bus/pci/drivers/vfio-pci", ec)) {
    ProcessOptions o;
    o.timeout_s = 30;
    const auto r = run_process({"modprobe", "vfio-pci"}, o);
    if (r.exit_code != 0 || !fs::exists(sysfs_root + "/bus/pci/drivers/vfio-pci", ec))
      return Error{"the vfio-pci driver is not available (modprobe vfio-pci: " + r.err_tail + ")"};
  }
  if (auto w = write_all(plan.bind_steps); !w) {
    restore_driver(plan);
    return Error{"binding " + plan.bdf + " to vfio-pci: " + w.error().message};
  }
  const std::string now = driver_of(fs::path(sysfs_root) / "bus/pci/devices" / plan.bdf);
  if (now != "vfio-pci") {
    restore_driver(plan);
    return Error{plan.bdf + " is " + (now.empty() ? "on no driver" : "still on " + now) +
                 " after the vfio-pci bind (dmesg says why); it was given back to " +
                 (plan.driver.empty() ? "no driver" : plan.driver)};
  }
  return true;
}

Result<bool> restore_driver(const PciPlan& plan) {
  // Every step is tried: a device left half-restored is worse than one error message too many.
  std::string errors;
  for (const auto& [path, value] : plan.restore_steps)
    if (auto w = write_sysfs(path, value); !w) errors += (errors.empty() ? "" : "; ") + w.error().message;
  if (!errors.empty()) return Error{"restoring " + plan.bdf + ": " + errors};
  return true;
}

std::vector<std::string> guest_pci_ids(const std::string& out) {
  std::vector<std::string> ids;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string tag, vendor, device;
    if (!(words >> tag >> vendor >> device) || tag != "pci") continue;
    ids.push_back(without_0x(vendor) + ":" + without_0x(device));
  }
  return ids;
}

}  // namespace vcb
