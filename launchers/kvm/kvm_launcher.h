#pragma once
// QEMU guests booted from the appliance (issue 4): the appliance's rootfs becomes an initramfs
// whose /init is a static agent; one resident guest per environment runs every kernel through
// that agent. Acceleration is whatever a probe boot proved: KVM only if a guest really answered
// under -accel kvm, TCG otherwise (--require-kvm turns that fallback into an error), and
// every record says which.
#include <nlohmann/json.hpp>

#include "kvm/kvm_cluster.h"
#include "kvm/kvm_command.h"
#include "kvm/kvm_guest.h"
#include "kvm/kvm_pci.h"
#include "launcher.h"

namespace vcb {

// What the probe boot found; computed once per harness process (each boot costs seconds).
struct KvmProbe {
  bool ok = false;
  std::string accel;       // "kvm" or "tcg"
  std::string detail, fix;
  std::string kvm_reason;  // why KVM is not used ("" when it is)
  std::string qemu_version;
  std::string kernel;
  double boot_s = 0;
};
const KvmProbe& probe_kvm();

class KvmLauncher : public Launcher {
 public:
  KvmLauncher(std::string profile, LaunchContext context);
  ~KvmLauncher() override { stop(); }
  Probe probe() override;
  Probe quick_probe() override;
  bool shares_host_clock() const override { return false; }  // the guest has its own monotonic clock  // QEMU and a guest kernel present; acceleration is proven at start
  bool start(const Resources& resources, std::string& error) override;
  ProcessResult exec(const std::vector<std::string>& argv, double timeout_s) override;
  // A fresh guest per launch: booted, runs the program, powered off.
  ProcessResult launch_fresh(const std::vector<std::string>& argv, double timeout_s) override;
  void stop() override;
  double startup_s() const override { return startup_s_; }
  nlohmann::json describe() const override;
  // The probe's verdict, the exact QEMU command, the pinning, NUMA and passthrough plans.
  std::vector<std::string> dry_run(const Resources& resources) override;
  std::string scratch_dir() const override { return "/scratch"; }
  std::string program_dir() const override { return "/opt/vcbench/bin"; }
  double environment_cpu_s() const override;
  bool needs_appliance() const override { return true; }
  // One guest per node, networked to each other, mpirun inside the first (kvm_cluster.h); one
  // node runs in the resident guest.
  std::optional<ProcessResult> run_mpi(const MpiInsideJob& job, nlohmann::json& described) override;

  // The spec start() would use (the --dry-run view); filled by start() before the boot.
  const KvmSpec& spec() const { return spec_; }

 private:
  bool plan(const Resources& resources, std::string& error);
  bool boot(std::string& error);
  void inspect_guest();
  bool bind_pci(std::string& error);
  void restore_pci();
  nlohmann::json pci_described() const;

  std::string profile_name_;
  KvmProfile profile_;
  LaunchContext context_;
  std::string work_dir_;
  KvmSpec spec_;
  PinPlan pin_plan_;
  QemuGuest guest_;
  KvmCluster cluster_;  // the MPI guests, booted by the first job that spans nodes
  nlohmann::json binding_, guest_view_, notes_ = nlohmann::json::object();
  double startup_s_ = 0, cpu_before_reboots_ = 0;
  int reboots_ = 0;
  std::vector<PciPlan> pci_plans_, pci_bound_;  // planned for kvm/tuned; bound by us, restored on stop
  double last_fresh_boot_s_ = 0, fresh_cpu_s_ = 0;
  bool running_ = false;
};

}  // namespace vcb
