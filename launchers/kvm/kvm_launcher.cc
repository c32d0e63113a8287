#include "kvm/kvm_launcher.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <sstream>

#include "common/cpus.h"
#include "kvm/initramfs.h"
#include "kvm/kvm_host.h"
#include "kvm/kvm_mpi.h"
#include "kvm/kvm_network.h"
#include "kvm/kvm_pci.h"
#include "vcb/timer.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

constexpr long default_memory_mb = 1024;

// What the guest itself sees: NUMA nodes with their CPUs, and the online CPUs. Only POSIX sh
// built-ins, because the appliance carries nothing but its programs and /bin/sh.
const char* guest_view_script =
    "for d in /sys/devices/system/node/node[0-9]*; do [ -d \"$d\" ] || continue; c=; "
    "for p in \"$d\"/cpu[0-9]*; do [ -e \"$p\" ] && c=\"$c${c:+,}${p##*cpu}\"; done; "
    "echo \"node ${d##*node} ${c:--}\"; done; read o < /sys/devices/system/cpu/online; echo \"online $o\"; "
    "for p in /sys/bus/pci/devices/*; do [ -e \"$p/vendor\" ] || continue; read v < \"$p/vendor\"; "
    "read i < \"$p/device\"; echo \"pci $v $i\"; done";

nlohmann::json parse_guest_view(const std::string& out) {
  nlohmann::json nodes = nlohmann::json::array(), view = nlohmann::json::object();
  std::istringstream lines(out);
  std::string word, value;
  while (lines >> word) {
    if (word == "node") {
      int id;
      lines >> id >> value;
      nodes.push_back({{"node", id}, {"cpus", value}});
    } else if (word == "online") {
      lines >> value;
      view["cpus_online"] = value;
    }
  }
  view["numa_nodes"] = nodes;
  view["pci_ids"] = guest_pci_ids(out);
  return view;
}

// Work folders (initramfs, sockets, logs) of harnesses that were killed before stop().
void remove_abandoned_work_dirs() {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/tmp", ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("vcb-kvm-", 0) != 0) continue;
    const long pid = std::atol(name.c_str() + 8);
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
  }
}

}  // namespace

KvmLauncher::KvmLauncher(std::string profile, LaunchContext context)
    : profile_name_(profile.empty() ? "naive" : std::move(profile)), context_(std::move(context)) {
  parse_kvm_profile(profile_name_, profile_);
}

Probe KvmLauncher::probe() {
  const KvmProbe& p = probe_kvm();
  if (p.ok && context_.vm.require_kvm && p.accel != "kvm")
    return {false, "KVM is required (--require-kvm) but not usable: " + p.kvm_reason,
            "run without --require-kvm to accept TCG emulation (every record then says accel: tcg)"};
  return {p.ok, p.detail, p.fix};
}

Probe KvmLauncher::quick_probe() {
  if (find_program("qemu-system-x86_64").empty())
    return {false, "qemu-system-x86_64 is not installed", "apt-get install qemu-system-x86"};
  const std::string kernel = find_guest_kernel();
  if (kernel.empty() || access(kernel.c_str(), R_OK) != 0)
    return {false, "no readable guest kernel (/boot/vmlinuz-* or VCBENCH_KVM_KERNEL)",
            "apt-get install linux-image-amd64, or set VCBENCH_KVM_KERNEL=/path/to/bzImage"};
  return {true, "QEMU and guest kernel " + kernel + " present (KVM or TCG is decided by a probe boot)", ""};
}

// Everything decided before the boot: CPUs, memory, NUMA nodes, hugepages, PCI devices.
bool KvmLauncher::plan(const Resources& resources, std::string& error) {
  const KvmProbe& p = probe_kvm();
  const std::vector<int> cpus = resources.cpus.empty() ? default_cpus() : resources.cpus;
  spec_ = {};
  spec_.name = "vcb-" + profile_name_ + "-h" + std::to_string(getpid());  // lets tests find our QEMUs
  spec_.accel = p.accel;
  spec_.profile = profile_;
  spec_.vcpus = static_cast<int>(cpus.size());
  spec_.memory_mb = resources.memory_mb > 0 ? resources.memory_mb : default_memory_mb;
  spec_.kernel = p.kernel;
  spec_.initrd = work_dir_ + "/initramfs.cpio";
  spec_.console_log = work_dir_ + "/console.log";
  spec_.agent_socket = work_dir_ + "/agent.sock";
  spec_.qmp_socket = work_dir_ + "/qmp.sock";
  pin_plan_ = plan_pinning(cpus, default_cpus());
  if (profile_.numa) {
    const auto host = host_numa_nodes();
    spec_.numa = mirror_numa(host, cpus, spec_.memory_mb);
    if (const int asked = context_.vm.numa_nodes; asked > 0) {
      spec_.numa = split_numa(asked, spec_.vcpus, spec_.memory_mb, spec_.numa.front().host_node);
      notes_["numa_nodes_asked"] = asked;
    }
  }
  if (context_.vm.hugepages && profile_name_ != "naive") {
    std::string why;
    spec_.hugepage_path = hugepage_mount(spec_.memory_mb, why);
    spec_.profile.hugepages = !spec_.hugepage_path.empty();
    notes_["hugepages"] = spec_.profile.hugepages ? "hugetlbfs " + spec_.hugepage_path : "asked for, not available: " + why;
  }
  pci_plans_.clear();
  if (profile_name_ == "tuned") {
    for (const auto& bdf : context_.vm.pci) {
      auto planned = plan_passthrough("/sys", bdf, context_.vm.pci);
      if (!planned) { error = "PCI passthrough of " + bdf + ": " + planned.error().message; return false; }
      pci_plans_.push_back(*planned);
      spec_.pci_devices.push_back(bdf);
    }
  }
  return true;
}

// Moves the planned devices to vfio-pci; on any failure the ones already moved go back.
bool KvmLauncher::bind_pci(std::string& error) {
  for (const auto& plan : pci_plans_) {
    if (auto bound = bind_to_vfio("/sys", plan); !bound) {
      error = "PCI passthrough: " + bound.error().message;
      restore_pci();
      return false;
    }
    pci_bound_.push_back(plan);
  }
  return true;
}

void KvmLauncher::restore_pci() {
  for (auto it = pci_bound_.rbegin(); it != pci_bound_.rend(); ++it)
    if (auto restored = restore_driver(*it); !restored)
      std::fprintf(stderr, "vcbench: warning: %s\n", restored.error().message.c_str());
  pci_bound_.clear();
}

nlohmann::json KvmLauncher::pci_described() const {
  nlohmann::json devices = nlohmann::json::array();
  const auto seen = guest_view_.value("pci_ids", std::vector<std::string>{});
  for (const auto& plan : pci_plans_)
    devices.push_back({{"bdf", plan.bdf}, {"iommu_group", plan.iommu_group}, {"vendor_device", plan.vendor_device},
                       {"host_driver_before", plan.driver}, {"bound_to_vfio_by_vcbench", plan.needs_bind},
                       {"visible_in_guest", std::find(seen.begin(), seen.end(), plan.vendor_device) != seen.end()}});
  return devices;
}

bool KvmLauncher::boot(std::string& error) {
  const int64_t t0 = now_ns();
  if (!guest_.launch(qemu_command(spec_), work_dir_ + "/qemu.log", error)) return false;
  const double timeout = spec_.accel == "kvm" ? 60 : 180;
  if (!guest_.wait_ready(spec_.agent_socket, timeout, error)) {
    guest_.kill_now();
    return false;
  }
  startup_s_ = seconds_since(t0);
  const auto tids = vcpu_thread_ids(guest_.qmp(spec_.qmp_socket, "query-cpus-fast"));
  binding_ = profile_.pin ? pin_and_verify(guest_.pid(), tids, pin_plan_) : read_back_only(guest_.pid(), tids);
  if (!profile_.pin) binding_["cpus"] = pin_plan_.vcpu_cpus;
  running_ = true;
  return true;
}

void KvmLauncher::inspect_guest() {
  const auto r = guest_.run({"/bin/sh", "-c", guest_view_script}, 30);
  guest_view_ = r.exit_code == 0 ? parse_guest_view(r.out) : nlohmann::json({{"error", r.err_tail}});
}

bool KvmLauncher::start(const Resources& resources, std::string& error) {
  const KvmProbe& p = probe_kvm();
  if (!p.ok) { error = p.detail + "; fix: " + p.fix; return false; }
  remove_abandoned_work_dirs();
  // Short (unix socket paths hold 107 bytes) and named after the harness's pid, so a later run can
  // remove what a killed one left.
  std::string dir_template = "/tmp/vcb-kvm-" + std::to_string(getpid()) + "-XXXXXX";
  if (!mkdtemp(dir_template.data())) { error = "cannot create a folder under /tmp"; return false; }
  work_dir_ = dir_template;
  if (!plan(resources, error)) return false;
  auto cpio = write_initramfs(context_.appliance_dir + "/rootfs", agent_path(), spec_.initrd);
  if (!cpio) { error = cpio.error().message; return false; }
  notes_["initramfs_bytes"] = *cpio;
  if (!bind_pci(error)) return false;
  if (!boot(error)) {
    restore_pci();
    error = "the " + profile_name_ + " guest did not boot: " + error + " (console: " + spec_.console_log + ")";
    return false;
  }
  inspect_guest();
  return true;
}

ProcessResult KvmLauncher::exec(const std::vector<std::string>& argv, double timeout_s) {
  auto r = guest_.run(argv, timeout_s);
  if (guest_.wedged() || !guest_.alive()) {
    // The agent no longer answers: a fresh guest guarantees the hung kernel is gone.
    cpu_before_reboots_ += guest_.cpu_seconds();
    guest_.kill_now();
    ++reboots_;
    std::string error;
    const double first_boot = startup_s_;
    if (!interrupted() && !boot(error)) running_ = false;
    startup_s_ = first_boot;
  }
  return r;
}

std::optional<ProcessResult> KvmLauncher::run_mpi(const MpiInsideJob& job, nlohmann::json& described) {
  ProcessResult refused;
  if (!running_) {
    refused.error = refused.err_tail = "the kvm/" + profile_name_ + " guest is not running";
    return refused;
  }
  if (job.nodes <= 1) {
    const auto argv = guest_mpirun_command(job, {}, guest_subnet());
    described = {{"model", "one guest, mpirun inside it"}, {"guests", 1}, {"network", "none (the guest's loopback)"},
                 {"addresses", nlohmann::json::array()}, {"remote_start", "none (mpirun forks every rank itself)"},
                 {"accel", spec_.accel}, {"guest", {{{"name", spec_.name}, {"vcpus", spec_.vcpus},
                                                     {"memory_mb", spec_.memory_mb}}}},
                 {"command", argv}};
    return exec(argv, job.timeout_s);
  }
  if (cluster_.healthy_nodes() != job.nodes) {
    std::string error;
    if (!cluster_.start(job.nodes, spec_, context_.appliance_dir + "/rootfs", work_dir_, error,
                        profile_.pin ? &pin_plan_ : nullptr)) {
      described = cluster_.describe();
      refused.error = refused.err_tail = "the " + std::to_string(job.nodes) + " MPI guests did not start: " + error;
      return refused;
    }
  }
  const auto argv = guest_mpirun_command(job, cluster_.addresses(), guest_subnet());
  auto r = cluster_.run_in_first(argv, job.timeout_s);
  described = cluster_.describe();
  described["command"] = argv;
  return r;
}

// A VM made for this one program: the resident guest's spec with its own sockets and name, booted,
// asked to run argv, powered off. The caller's clock runs from before the boot, so the startup
// suite's to_exit includes it. Passed-through devices stay with the resident guest (a device
// belongs to one guest at a time).
ProcessResult KvmLauncher::launch_fresh(const std::vector<std::string>& argv, double timeout_s) {
  ProcessResult r;
  KvmSpec fresh = spec_;
  fresh.name = spec_.name + "-fresh";
  fresh.agent_socket = work_dir_ + "/fresh-agent.sock";
  fresh.qmp_socket = work_dir_ + "/fresh-qmp.sock";
  fresh.console_log = work_dir_ + "/fresh-console.log";
  fresh.pci_devices.clear();
  QemuGuest guest;
  const int64_t t0 = now_ns();
  std::string error;
  if (!guest.launch(qemu_command(fresh), work_dir_ + "/fresh-qemu.log", error) ||
      !guest.wait_ready(fresh.agent_socket, std::min(timeout_s, spec_.accel == "kvm" ? 60.0 : 180.0), error)) {
    guest.kill_now();
    r.error = r.err_tail = "a fresh kvm/" + profile_name_ + " guest did not boot: " + error;
    return r;
  }
  last_fresh_boot_s_ = seconds_since(t0);
  if (profile_.pin) pin_and_verify(guest.pid(), vcpu_thread_ids(guest.qmp(fresh.qmp_socket, "query-cpus-fast")), pin_plan_);
  r = guest.run(argv, std::max(1.0, timeout_s - last_fresh_boot_s_));
  fresh_cpu_s_ += guest.cpu_seconds();
  guest.shutdown(10);
  r.wall_s = seconds_since(t0);  // the launch is the boot, the program and the power-off, as `run --rm` is
  return r;
}

void KvmLauncher::stop() {
  cluster_.stop();
  if (running_) guest_.shutdown(10);
  else guest_.kill_now();
  running_ = false;
  restore_pci();
  if (!work_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(work_dir_, ec);
    work_dir_.clear();
  }
}

double KvmLauncher::environment_cpu_s() const {
  return cpu_before_reboots_ + guest_.cpu_seconds() + cluster_.cpu_seconds() + fresh_cpu_s_;
}

nlohmann::json KvmLauncher::describe() const {
  const KvmProbe& p = probe_kvm();
  std::vector<int> cpus = pin_plan_.vcpu_cpus;
  nlohmann::json numa = {{"guest", guest_view_}};
  nlohmann::json planned = nlohmann::json::array();
  for (const auto& n : spec_.numa)
    planned.push_back({{"host_node", n.host_node}, {"vcpus", n.vcpus}, {"memory_mb", n.memory_mb}});
  numa["planned"] = profile_.numa ? planned : nlohmann::json("one flat node (QEMU default)");
  auto command = qemu_command(spec_);
  std::string line;
  for (const auto& a : command) line += (line.empty() ? "" : " ") + a;
  nlohmann::json d = {{"name", "kvm/" + profile_name_}, {"kind", "kvm"}, {"profile", profile_name_},
                      {"runtime", p.qemu_version}, {"accel", p.accel.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.accel)},
                      {"resources", {{"cpus", cpus}, {"memory_mb", spec_.memory_mb}}},
                      {"binding", binding_}, {"numa", numa}, {"guest_kernel", p.kernel},
                      {"cpu_model", profile_.cpu_host && p.accel == "kvm" ? "host" : "QEMU default (qemu64)"},
                      {"vcpus", spec_.vcpus}, {"programs", "appliance"}, {"programs_dir", "/opt/vcbench/bin"},
                      {"network", "none"}, {"scratch", "tmpfs inside the guest (/scratch)"},
                      {"mpi_jobs", "over N > 1 nodes: N networked guests shaped like this one, booted for them "
                                   "(environment.mpi.settings); over one node: mpirun inside this guest"},
                      {"agent_channel", "ttyS1 (second 16550 serial port) on a unix socket"},
                      {"launch_fresh", "a new guest of this spec per launch (no passed-through devices), "
                                       "booted, run, powered off; to_exit includes its boot"},
                      {"pci_passthrough", pci_described()},
                      {"probe_boot_s", p.boot_s}, {"qemu_command", line}, {"reboots", reboots_}};
  if (p.accel == "tcg") d["warning"] = "TCG emulation, not KVM: " + p.kvm_reason;
  if (!d["binding"].contains("cpus")) d["binding"]["cpus"] = cpus;
  d.update(notes_);
  return d;
}

namespace {

std::string pin_line(const KvmProfile& profile, const PinPlan& plan) {
  if (!profile.pin) return "pinning: none (the host scheduler places vCPU threads on CPUs " + format_cpu_list(plan.vcpu_cpus) + ")";
  std::string line;
  for (size_t i = 0; i < plan.vcpu_cpus.size(); ++i)
    line += (i ? ", " : "") + ("vCPU " + std::to_string(i) + " -> CPU " + std::to_string(plan.vcpu_cpus[i]));
  return "pinning: " + line + "; emulator and I/O threads -> " +
         (plan.emulator_cpus.empty() ? "left where they are (no core is free of vCPUs)" : "CPUs " + format_cpu_list(plan.emulator_cpus)) +
         "; thread ids from QMP query-cpus-fast after the boot, affinities read back from /proc";
}

std::string numa_line(const KvmSpec& spec) {
  if (!spec.profile.numa || spec.numa.empty()) return "NUMA: one flat guest node (QEMU default)";
  std::string line = "NUMA:";
  for (size_t i = 0; i < spec.numa.size(); ++i) {
    line += (i ? ";" : "") + (" guest node " + std::to_string(i) + " = vCPUs " + format_cpu_list(spec.numa[i].vcpus) + ", " +
                              std::to_string(spec.numa[i].memory_mb) + " MB bound to host node " +
                              std::to_string(spec.numa[i].host_node));
  }
  return line;
}

std::string pci_line(const PciPlan& plan) {
  std::string steps;
  for (const auto& [path, value] : plan.bind_steps) steps += (steps.empty() ? "" : ", ") + value + " > " + path;
  return "PCI " + plan.bdf + " (" + plan.vendor_device + ", IOMMU group " + std::to_string(plan.iommu_group) + ", now on " +
         (plan.driver.empty() ? "no driver" : plan.driver) + "): " +
         (plan.needs_bind ? "bind: " + steps + "; given back on stop" : "already on vfio-pci");
}

}  // namespace

std::vector<std::string> KvmLauncher::dry_run(const Resources& resources) {
  const KvmProbe& p = probe_kvm();
  const std::string name = "kvm/" + profile_name_;
  if (const Probe pr = probe(); !pr.ok) return {name + ": not available: " + pr.detail + "; fix: " + pr.fix};
  work_dir_ = "/tmp/vcb-kvm-" + std::to_string(getpid()) + "-XXXXXX";  // the folder start() creates
  std::string error;
  const bool planned = plan(resources, error);
  work_dir_.clear();
  if (!planned) return {name + ": " + error};
  std::vector<std::string> lines = {
      name + ": accel " + p.accel + (p.accel == "tcg" ? " (emulation; KVM not usable: " + p.kvm_reason + ")" : "") +
          ", " + p.qemu_version + ", guest kernel " + p.kernel + ", " + std::to_string(spec_.vcpus) + " vCPUs, " +
          std::to_string(spec_.memory_mb) + " MB",
      "  command: " + shell_line(qemu_command(spec_)), "  " + pin_line(profile_, pin_plan_), "  " + numa_line(spec_)};
  if (notes_.contains("hugepages")) lines.push_back("  hugepages: " + notes_["hugepages"].get<std::string>());
  for (const auto& plan : pci_plans_) lines.push_back("  " + pci_line(plan));
  return lines;
}

}  // namespace vcb
