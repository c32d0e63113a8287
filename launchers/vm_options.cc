#include <cstdlib>
#include <sstream>

#include "launcher.h"

namespace vcb {
namespace {

bool env_is_one(const char* name) {
  const char* v = std::getenv(name);
  return v && std::string(v) == "1";
}

}  // namespace

// The variables predate the command-line flags; they stay as defaults so existing scripts and the
// test suite's environment keep meaning the same thing.
VmOptions vm_options_from_environment() {
  VmOptions o;
  o.require_kvm = env_is_one("VCBENCH_REQUIRE_KVM");
  o.hugepages = env_is_one("VCBENCH_KVM_HUGEPAGES");
  if (const char* n = std::getenv("VCBENCH_KVM_NUMA_NODES")) o.numa_nodes = std::max(0, std::atoi(n));
  if (const char* pci = std::getenv("VCBENCH_KVM_PCI")) {
    std::stringstream list(pci);
    for (std::string bdf; std::getline(list, bdf, ',');)
      if (!bdf.empty()) o.pci.push_back(bdf);
  }
  return o;
}

nlohmann::json VmOptions::to_json() const {
  return {{"require_kvm", require_kvm}, {"pci", pci}, {"hugepages", hugepages}, {"numa_nodes", numa_nodes}};
}

VmOptions VmOptions::from_json(const nlohmann::json& j) {
  VmOptions o;
  o.require_kvm = j.value("require_kvm", false);
  o.pci = j.value("pci", std::vector<std::string>{});
  o.hugepages = j.value("hugepages", false);
  o.numa_nodes = j.value("numa_nodes", 0);
  return o;
}

}  // namespace vcb
