#include "doctor/doctor.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include "common/subprocess.h"
#include "host/host_info.h"
#include "launcher.h"
#include "mpi/mpi_launch.h"
#include "run/provenance.h"
#include "vcb/affinity.h"

namespace vcb {
namespace {

const char* state_name(CheckState s) {
  switch (s) {
    case CheckState::ok: return "ok";
    case CheckState::warn: return "warn";
    case CheckState::missing: return "missing";
    default: return "info";
  }
}

std::string human_bytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) { b /= 1024; ++u; }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f %s", b == static_cast<long long>(b) ? 0 : 1, b, units[u]);
  return buf;
}

Check topology_check(const nlohmann::json& host) {
  if (host["cores"].is_null())
    return {"hwloc topology", CheckState::missing, "hwloc could not load the topology", "apt-get install hwloc libhwloc15"};
  std::string caches;
  for (const auto& c : host["caches"])
    caches += " L" + std::to_string(c["level"].get<int>()) + (c["type"] == "data" ? "d" : c["type"] == "instruction" ? "i" : "") +
              " " + human_bytes(c["size_bytes"].get<double>());
  return {"hwloc topology", CheckState::ok,
          std::to_string(host["cores"].get<int>()) + " cores, " + std::to_string(host["pus"].get<int>()) + " PUs, " +
              std::to_string(host["numa_nodes"].get<int>()) + " NUMA node(s), caches:" + caches + ", memory " +
              human_bytes(host["memory_bytes"].get<double>()) + ", CPUs allowed here: " +
              std::to_string(allowed_cpus().size()),
          ""};
}

Check governor_check(const nlohmann::json& host) {
  if (host["governor"].is_null())
    return {"CPU governor", CheckState::info, "unknown (no cpufreq interface: common in VMs; the host decides)", ""};
  const std::string g = host["governor"];
  if (g == "performance") return {"CPU governor", CheckState::ok, g, ""};
  return {"CPU governor", CheckState::warn, g + " (frequency changes add noise)", "cpupower frequency-set -g performance"};
}

Check turbo_check(const nlohmann::json& host) {
  if (host["turbo"].is_null()) return {"turbo", CheckState::info, "unknown (no intel_pstate or cpufreq boost file)", ""};
  if (!host["turbo"].get<bool>()) return {"turbo", CheckState::ok, "off", ""};
  return {"turbo", CheckState::warn, "on (clock depends on load and temperature)",
          "echo 1 > /sys/devices/system/cpu/intel_pstate/no_turbo  (or echo 0 > .../cpufreq/boost)"};
}

Check python_check() {
  ProcessOptions o;
  o.timeout_s = 30;
  const auto r = run_process({"/usr/bin/python3", "-c", "import matplotlib, pandas; print(matplotlib.__version__)"}, o);
  if (r.started && r.exit_code == 0) {
    std::string v = r.out;
    while (!v.empty() && v.back() == '\n') v.pop_back();
    return {"python plots", CheckState::ok, "/usr/bin/python3 with matplotlib " + v + " and pandas", ""};
  }
  return {"python plots", CheckState::missing, "/usr/bin/python3 cannot import matplotlib and pandas",
          "apt-get install python3-matplotlib python3-pandas"};
}

Check kernels_check() {
  int n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(program_dir(), ec))
    n += e.path().filename().string().rfind("vcb-", 0) == 0 ? 1 : 0;
  if (n == 0)
    return {"kernels", CheckState::missing, "no vcb-* programs next to vcbench", "cmake --build build -j2"};
  return {"kernels", CheckState::ok, std::to_string(n) + " programs in " + program_dir(), ""};
}

Check load_check() {
  double load1 = 0;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load1) != 1) load1 = 0;
    std::fclose(f);
  }
  const double cpus = static_cast<double>(allowed_cpus().size());
  char buf[96];
  std::snprintf(buf, sizeof buf, "load average %.2f on %.0f CPUs", load1, cpus);
  if (load1 > 0.5 * cpus) return {"other load", CheckState::warn, buf, "stop other work on this host before measuring"};
  return {"other load", CheckState::ok, buf, ""};
}

// MPI suites need Open MPI; a Slurm that does not answer only matters for --scheduler slurm.
Check open_mpi_check() {
  const std::string v = open_mpi_version();
  if (v.empty())
    return {"Open MPI", CheckState::missing, "mpirun not found (needed by the osu, npb and graph500 suites)",
            "apt-get install openmpi-bin libopenmpi-dev (scripts/install-deps.sh does)"};
  return {"Open MPI", CheckState::ok, "mpirun " + v, ""};
}

Check slurm_check() {
  const std::string problem = slurm_problem();
  if (problem.empty()) {
    ProcessOptions o;
    o.timeout_s = 20;
    const auto nodes = run_process({"sinfo", "-h", "-o", "%P %D %T"}, o);
    std::string detail = nodes.out;
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    for (char& c : detail) if (c == '\n') c = ';';
    return {"Slurm", CheckState::ok, "controller answers; partitions: " + detail, ""};
  }
  const auto fix = problem.find("; fix: ");
  return {"Slurm", CheckState::info, problem.substr(0, fix) + " (only --scheduler slurm needs it)",
          fix == std::string::npos ? "" : problem.substr(fix + 7)};
}

// PCI passthrough (kvm/tuned --pci) needs an IOMMU with groups and the vfio-pci driver.
Check iommu_check() {
  namespace fs = std::filesystem;
  std::error_code ec;
  int groups = 0;
  for (auto it = fs::directory_iterator("/sys/kernel/iommu_groups", ec); !ec && it != fs::directory_iterator(); ++it)
    ++groups;
  if (groups == 0)
    return {"IOMMU", CheckState::info, "no IOMMU groups (/sys/kernel/iommu_groups is empty): PCI passthrough cannot work",
            "enable VT-d/AMD-Vi in the firmware and boot with intel_iommu=on (or amd_iommu=on) iommu=pt"};
  return {"IOMMU", CheckState::ok, std::to_string(groups) + " IOMMU groups", ""};
}

Check vfio_check() {
  namespace fs = std::filesystem;
  if (fs::exists("/sys/bus/pci/drivers/vfio-pci"))
    return {"vfio-pci", CheckState::ok, "driver loaded (/sys/bus/pci/drivers/vfio-pci)", ""};
  ProcessOptions o;
  o.timeout_s = 10;
  const auto r = run_process({"modinfo", "-n", "vfio-pci"}, o);
  if (r.started && r.exit_code == 0)
    return {"vfio-pci", CheckState::info, "module available, not loaded (needed only for PCI passthrough)",
            "modprobe vfio-pci"};
  return {"vfio-pci", CheckState::info, "no vfio-pci module for this kernel: PCI passthrough cannot work here", ""};
}

}  // namespace

std::vector<Check> run_checks() {
  const auto host = host_info();
  std::vector<Check> checks{topology_check(host), governor_check(host), turbo_check(host), load_check()};
  checks.push_back({"hypervisor", CheckState::info,
                    host["hypervisor"].get<bool>() ? "this host is itself a virtual machine" : "bare metal", ""});
  checks.push_back(python_check());
  checks.push_back(kernels_check());
  checks.push_back(open_mpi_check());
  checks.push_back(slurm_check());
  checks.push_back(iommu_check());
  checks.push_back(vfio_check());
  std::set<std::string> kinds;  // profiles share their kind's probe: one line per kind
  for (const auto& e : known_environments()) {
    const std::string kind = e.name.substr(0, e.name.find('/'));
    if (!kinds.insert(kind).second) continue;
    std::string error;
    const auto launcher = make_launcher(e.name, LaunchContext{}, error);
    const Probe p = launcher->probe();
    checks.push_back({"env " + kind, p.ok ? CheckState::ok : CheckState::missing, p.detail, p.fix});
  }
  return checks;
}

int doctor_command(bool json) {
  const auto checks = run_checks();
  bool missing = false;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : checks) {
    missing = missing || c.state == CheckState::missing;
    out.push_back({{"check", c.name}, {"state", state_name(c.state)}, {"detail", c.detail},
                   {"fix", c.fix.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.fix)}});
    if (json) continue;
    std::printf("%-8s %-16s %s\n", state_name(c.state), c.name.c_str(), c.detail.c_str());
    if (!c.fix.empty()) std::printf("%-8s %-16s fix: %s\n", "", "", c.fix.c_str());
  }
  if (json) std::printf("%s\n", out.dump(2).c_str());
  return missing ? 1 : 0;
}

}  // namespace vcb
