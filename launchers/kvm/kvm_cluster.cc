#include "kvm/kvm_cluster.h"

#include <fstream>
#include <iterator>

#include "kvm/agent/guest_rsh.h"
#include "kvm/initramfs.h"
#include "kvm/kvm_host.h"
#include "kvm/kvm_mpi.h"
#include "vcb/timer.h"

namespace vcb {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "vcb-naive-h123" -> "vcb-naive-node1-h123": the "-h<pid>" ending is how tests find our QEMUs.
std::string node_name(const std::string& base, int index) {
  const auto at = base.rfind("-h");
  const std::string node = "-node" + std::to_string(index);
  return at == std::string::npos ? base + node : base.substr(0, at) + node + base.substr(at);
}

// The NIC modules and the remote-start client, as initramfs entries.
Result<std::vector<ExtraFile>> guest_extras(const std::string& kernel) {
  const std::string modules = modules_dir_of(kernel);
  if (modules.empty())
    return Error{"cannot tell the version of guest kernel " + kernel + " (expected a /boot/vmlinuz-<version> name)", 1};
  const std::string dep = read_text(modules + "/modules.dep");
  if (dep.empty()) return Error{"no " + modules + "/modules.dep: the guests' NIC driver cannot be found", 1};
  auto order = module_load_order(dep, nic_modules());
  if (!order) return order.error();
  std::vector<ExtraFile> extra;
  for (size_t i = 0; i < order->size(); ++i) {
    const std::string& rel = (*order)[i];
    const std::string number = (i < 10 ? "0" : "") + std::to_string(i);  // the agent loads them in name order
    extra.push_back({"vcb/modules/" + number + "-" + rel.substr(rel.rfind('/') + 1), modules + "/" + rel, 0644});
  }
  extra.push_back({std::string(guest_rsh_path).substr(1), guest_rsh_client_path(), 0755});
  return extra;
}

}  // namespace

bool KvmCluster::start(int nodes, const KvmSpec& base, const std::string& rootfs, const std::string& work_dir,
                       std::string& error, const PinPlan* pin) {
  stop();
  binding_ = "vCPU threads not pinned";
  auto extra = guest_extras(base.kernel);
  if (!extra) { error = extra.error().message; return false; }
  const std::string initrd = work_dir + "/mpi-initramfs.cpio";
  if (auto cpio = write_initramfs(rootfs, agent_path(), initrd, *extra); !cpio) {
    error = cpio.error().message;
    return false;
  }
  auto segment = pick_guest_segment();
  if (!segment) { error = segment.error().message; return false; }
  segment_ = *segment;
  specs_.clear();
  for (int i = 0; i < nodes; ++i) {
    KvmSpec s = base;
    const std::string prefix = work_dir + "/node" + std::to_string(i);
    s.name = node_name(base.name, i);
    s.initrd = initrd;
    s.console_log = prefix + "-console.log";
    s.agent_socket = prefix + "-agent.sock";
    s.qmp_socket = prefix + "-qmp.sock";
    s.profile.hugepages = false;  // N guests would need N times the reserved pages
    s.hugepage_path.clear();
    s.pci_devices.clear();
    s.append += " " + network_kernel_arguments(i);
    s.extra_args = nic_arguments(i, segment_);
    specs_.push_back(s);
  }
  if (!boot_all(error) || !check_network(error)) {
    stop();
    return false;
  }
  if (pin) {
    binding_ = nlohmann::json::array();
    for (size_t i = 0; i < guests_.size(); ++i) {
      const auto tids = vcpu_thread_ids(guests_[i]->qmp(specs_[i].qmp_socket, "query-cpus-fast"));
      binding_.push_back(pin_and_verify(guests_[i]->pid(), tids, *pin));
    }
  }
  return true;
}

bool KvmCluster::boot_all(std::string& error) {
  const int64_t t0 = now_ns();
  const size_t count = specs_.size();
  for (size_t i = 0; i < count; ++i) {
    guests_.push_back(std::make_unique<QemuGuest>());
    const std::string log = specs_[i].console_log.substr(0, specs_[i].console_log.rfind('-')) + "-qemu.log";
    if (!guests_[i]->launch(qemu_command(specs_[i]), log, error)) return false;
  }
  // The guests boot concurrently; each one's wait covers whatever the others still need.
  const double timeout = specs_.front().accel == "kvm" ? 60 : 240;
  for (size_t i = 0; i < count; ++i)
    if (!guests_[i]->wait_ready(specs_[i].agent_socket, timeout, error)) {
      error = "MPI guest " + std::to_string(i) + " did not boot: " + error + " (console: " + specs_[i].console_log + ")";
      return false;
    }
  boot_s_ = seconds_since(t0);
  ++boots_;
  return true;
}

bool KvmCluster::check_network(std::string& error) {
  for (size_t i = 0; i < guests_.size(); ++i) {
    // Built-ins only: the appliance has /bin/sh but no cat.
    const auto r = guests_[i]->run({"/bin/sh", "-c", "read s < /vcb/network.status && echo \"$s\""}, 30);
    if (r.out != "up\n") {
      error = "MPI guest " + std::to_string(i) + " has no network: " + (r.out.empty() ? r.err_tail + r.error : r.out);
      return false;
    }
  }
  // The path mpirun takes: guest 0 starts a command in each other guest.
  const auto own = addresses();
  for (size_t i = 1; i < own.size(); ++i) {
    const auto r = guests_[0]->run({guest_rsh_path, own[i], "echo", "reached"}, 60);
    if (r.out != "reached\n") {
      error = "guest 0 cannot start commands in guest " + std::to_string(i) + " (" + own[i] + "): " +
              (r.timed_out ? std::string("no answer in 60 s") : r.err_tail);
      return false;
    }
  }
  return true;
}

int KvmCluster::healthy_nodes() {
  for (auto& g : guests_)
    if (!g->alive() || g->wedged()) return 0;
  return static_cast<int>(guests_.size());
}

ProcessResult KvmCluster::run_in_first(const std::vector<std::string>& argv, double timeout_s) {
  if (guests_.empty()) {
    ProcessResult r;
    r.error = "the MPI guests are not running";
    return r;
  }
  auto r = guests_[0]->run(argv, timeout_s);
  if (r.timed_out || r.interrupted || guests_[0]->wedged() || healthy_nodes() == 0) stop();
  return r;
}

void KvmCluster::stop() {
  for (auto& g : guests_) {
    cpu_of_stopped_ += g->cpu_seconds();
    g->kill_now();  // the guests hold nothing worth a clean power-off (tmpfs only)
  }
  guests_.clear();
}

std::vector<std::string> KvmCluster::addresses() const {
  std::vector<std::string> a;
  for (size_t i = 0; i < specs_.size(); ++i) a.push_back(guest_address(static_cast<int>(i)));
  return a;
}

nlohmann::json KvmCluster::describe() const {
  nlohmann::json guests = nlohmann::json::array();
  for (size_t i = 0; i < specs_.size(); ++i)
    guests.push_back({{"name", specs_[i].name}, {"address", guest_address(static_cast<int>(i))},
                      {"mac", guest_mac(static_cast<int>(i))}, {"vcpus", specs_[i].vcpus},
                      {"memory_mb", specs_[i].memory_mb}});
  const std::string segment = segment_.group + ":" + std::to_string(segment_.port);
  return {{"model", "one guest per node, mpirun inside guest 0"},
          {"guests", specs_.size()},
          {"guest", guests},
          {"network", "virtio-net-pci per guest on a QEMU socket netdev: UDP multicast group " + segment +
                          " on the host's loopback (localaddr=127.0.0.1); no host interface, route or address changed"},
          {"addresses", addresses()},
          {"subnet", guest_subnet()},
          {"remote_start", std::string(guest_rsh_path) + " HOST CMD... (plm_rsh_agent): TCP port " +
                               std::to_string(VCB_RSH_PORT) + " to the peer guest's agent, which runs CMD through /bin/sh"},
          {"accel", specs_.empty() ? nlohmann::json(nullptr) : nlohmann::json(specs_.front().accel)},
          {"binding", binding_},
          {"boot_s", boot_s_},
          {"boots", boots_}};
}

double KvmCluster::cpu_seconds() const {
  double s = cpu_of_stopped_;
  for (const auto& g : guests_) s += g->cpu_seconds();
  return s;
}

}  // namespace vcb
